import Foundation

/// The ORM's own fix for a loop, when the ORM is known: Django's `select_related` /
/// `prefetch_related`, Rails' `includes`, SQLAlchemy's `joinedload` / `selectinload`, Peewee's
/// `prefetch`, Sequel's `eager`, GORM's `Preload`, Hibernate's `JOIN FETCH`, EF Core's
/// `Include`, Sequelize's and Prisma's `include`, TypeORM's `relations`, Ecto's `preload`,
/// Laravel's `with`, with the association named from the table and column names (a guess the
/// text says is one).
public enum ORMHint {
    public enum Framework: String, Sendable {
        case django, rails, sqlalchemy, hibernate, peewee, sequel, gorm, efcore, sequelize, prisma, typeorm, ecto, laravel
    }

    /// How the looped statement relates to the rows that produced its keys.
    public enum Relation: Sendable, Equatable {
        /// `SELECT ... FROM authors WHERE id = $1` per book: each book's author.
        case belongsTo
        /// `SELECT ... FROM books WHERE author_id = $1` per author: each author's books.
        case hasMany
        /// Through a join table: `... JOIN books_tags ... WHERE books_tags.book_id = $1`.
        case manyToMany
        /// `SELECT COUNT(*) FROM books WHERE author_id = $1` per author.
        case count
    }

    /// The framework, from what the log says: sqlcommenter's `framework` tag, Rails' query-log
    /// tags, the log format, the source path, or unmistakable statement shapes.
    public static func framework(tags: [CommentTag], logFormat: LogFormat?, source: String?, sql: String) -> Framework? {
        if let framework = tags.first(where: { $0.key == "framework" })?.value.lowercased() {
            if framework.hasPrefix("django") { return .django }
            if framework.hasPrefix("rails") || framework.hasPrefix("active_record") { return .rails }
            if framework.hasPrefix("sqlalchemy") || framework.hasPrefix("flask") { return .sqlalchemy }
        }
        if tags.contains(where: { $0.key == "application" }) && tags.contains(where: { $0.key == "action" }) { return .rails }
        switch logFormat {
        case .rails?: return .rails
        case .django?: return .django
        case .sqlalchemy?: return .sqlalchemy
        case .peewee?: return .peewee
        case .sequel?: return .sequel
        case .eloquent?: return .laravel
        case .gorm?: return .gorm
        case .hibernate?: return .hibernate
        case .efcore?: return .efcore
        case .sequelize?: return .sequelize
        case .prisma?: return .prisma
        case .typeorm?: return .typeorm
        case .ecto?: return .ecto
        default: break
        }
        if let source {
            if source.hasSuffix(".rb") || source.contains(".rb:") { return .rails }
            if source.contains(".py") { return sql.contains("_1.") ? .sqlalchemy : .django }
        }
        if sql.range(of: #"\b[a-z]+[0-9]+_0\."#, options: .regularExpression) != nil { return .hibernate }
        if sql.range(of: #"\b[a-z]+_1\."#, options: .regularExpression) != nil { return .sqlalchemy }
        // Django: `COUNT(*) AS "__count"`, `get()`'s `LIMIT 21`, and every column listed
        // quoted and qualified (`SELECT "app_model"."id", "app_model"."name"`).
        if sql.contains("AS \"__count\"") || (sql.contains("LIMIT 21") && sql.contains("\"")) { return .django }
        if sql.range(of: #"^SELECT (DISTINCT )?"([a-z0-9_]+)"\."[a-z0-9_]+", "\2"\."#, options: .regularExpression) != nil
            || sql.range(of: #"RETURNING "[a-z0-9_]+"\."id"$"#, options: .regularExpression) != nil
        {
            return .django
        }
        if sql.range(of: #""([a-z_]+)"\.\* FROM "\1""#, options: .regularExpression) != nil { return .rails }
        return nil
    }

    /// The fix, or `nil` when neither the framework nor the relation is known.
    public static func hint(framework: Framework, relation: Relation, table: String, column: String, parentTable: String?) -> String {
        let model = modelName(table, sibling: parentTable)
        let parentModel = parentTable.map { modelName($0, sibling: table) }
        let foreignKeyOwner = column.hasSuffix("_id") ? String(column.dropLast(3)) : nil
        switch (framework, relation) {
        case (.django, .belongsTo):
            return "On the queryset that loads \(parentModel.map(camel) ?? "the parent rows"): .select_related(\"\(model)\") (the foreign key to \(camel(model)); name guessed from the table)"
        case (.django, .hasMany):
            return "On the queryset that loads \(camel(foreignKeyOwner ?? "the parents")): .prefetch_related(\"\(model)_set\") (or the relation's related_name)"
        case (.django, .manyToMany):
            return "On the queryset that loads \(camel(foreignKeyOwner ?? "the parents")): .prefetch_related(\"\(plural(model))\") (the ManyToManyField; name guessed from the table)"
        case (.django, .count):
            return "Annotate instead of counting per row: \(camel(foreignKeyOwner ?? "Parent")).objects.annotate(\(model)_count=Count(\"\(model)\"))"
        case (.rails, .belongsTo):
            return "On the relation that loads \(parentModel.map { camel(singular($0)) } ?? "the parent records"): .includes(:\(singular(model)))"
        case (.rails, .hasMany), (.rails, .manyToMany):
            return "On the relation that loads \(camel(singular(foreignKeyOwner ?? "parent"))): .includes(:\(plural(singular(model))))"
        case (.rails, .count):
            return "Count once: \(camel(singular(foreignKeyOwner ?? "parent"))).left_joins(:\(plural(singular(model)))).group(:id).count, or a counter_cache column"
        case (.sqlalchemy, .belongsTo):
            return "Load it with the parents: .options(joinedload(\(parentModel.map { camel(singular($0)) } ?? "Parent").\(singular(model))))"
        case (.sqlalchemy, .hasMany), (.sqlalchemy, .manyToMany):
            return "Load the collection in one query: .options(selectinload(\(camel(singular(foreignKeyOwner ?? "parent"))).\(plural(singular(model)))))"
        case (.sqlalchemy, .count):
            return "Count in one query: select(\(camel(singular(foreignKeyOwner ?? "parent"))).id, func.count()).join(...).group_by(...)"
        case (.hibernate, .belongsTo):
            return "Fetch it with the parents: JOIN FETCH or @EntityGraph on the association to \(camel(singular(model)))"
        case (.hibernate, .count):
            return "Count in one query: select b.author.id, count(b) from \(camel(singular(model))) b group by b.author.id (JPQL), or @Formula"
        case (.hibernate, _):
            return "Batch the collection: @BatchSize on the association, or JOIN FETCH / @EntityGraph"
        case (.peewee, .belongsTo):
            return "Join it in the query: \(parentModel.map { camel(singular($0)) } ?? "Parent").select(\(parentModel.map { camel(singular($0)) } ?? "Parent"), \(camel(singular(model)))).join(\(camel(singular(model))))"
        case (.peewee, .count):
            return "Count in one query: \(camel(singular(foreignKeyOwner ?? "parent"))).select(\(camel(singular(foreignKeyOwner ?? "parent"))), fn.COUNT(\(camel(singular(model))).id)).join(\(camel(singular(model))), JOIN.LEFT_OUTER).group_by(\(camel(singular(foreignKeyOwner ?? "parent"))))"
        case (.peewee, _):
            return "Load the collection for all parents at once: prefetch(parents, \(camel(singular(model))))"
        case (.sequel, .count):
            return "Count in one query: \(camel(singular(model))).group_and_count(:\(column))"
        case (.sequel, _):
            return "Eager-load it: .eager(:\(relation == .belongsTo ? singular(model) : plural(singular(model))))"
        case (.gorm, .count):
            return "Count in one query: db.Model(&\(camel(singular(model))){}).Select(\"\(column), count(*)\").Group(\"\(column)\")"
        case (.gorm, _):
            return "Preload it: db.Preload(\"\(camel(relation == .belongsTo ? singular(model) : plural(singular(model))))\")"
        case (.efcore, .count):
            return "Count in the projection: .Select(p => new { p.Id, Count = p.\(camel(plural(singular(model)))).Count() })"
        case (.efcore, _):
            return "Load it with the parents: .Include(p => p.\(camel(relation == .belongsTo ? singular(model) : plural(singular(model)))))"
        case (.sequelize, .count):
            return "Count in one query: \(camel(singular(model))).count({ group: ['\(column)'] })"
        case (.sequelize, _):
            return "Load it with the parents: include: [\(camel(singular(model)))]"
        case (.prisma, .count):
            return "Count in the same query: include: { _count: { select: { \(plural(singular(model).lowercased())): true } } }"
        case (.prisma, _):
            return "Load it with the parents: include: { \((relation == .belongsTo ? singular(model) : plural(singular(model))).lowercased()): true }"
        case (.typeorm, .count):
            return "Count in one query: .loadRelationCountAndMap(...) or a GROUP BY with the query builder"
        case (.typeorm, _):
            return "Load it with the parents: relations: ['\(relation == .belongsTo ? singular(model) : plural(singular(model)))'] (or leftJoinAndSelect)"
        case (.ecto, .count):
            return "Count in one query: from(b in \(camel(singular(model))), group_by: b.\(column), select: {b.\(column), count(b.id)})"
        case (.ecto, _):
            return "Preload it: Repo.preload(parents, :\(relation == .belongsTo ? singular(model) : plural(singular(model))))"
        case (.laravel, .count):
            return "Count in the same query: ->withCount('\(plural(singular(model)))')"
        case (.laravel, _):
            return "Eager-load it: ->with('\(relation == .belongsTo ? singular(model) : plural(singular(model)))')"
        }
    }

    /// The ORM's call for a loop of one-row inserts.
    public static func bulkInsert(_ framework: Framework) -> String {
        switch framework {
        case .django: return "Model.objects.bulk_create([...])"
        case .rails: return "Model.insert_all([...]) (Rails 6+), or one transaction around the loop at least"
        case .sqlalchemy: return "session.execute(insert(Model), [dict, ...]) (insertmanyvalues)"
        case .hibernate: return "hibernate.jdbc.batch_size and batched inserts"
        case .peewee: return "Model.insert_many(rows).execute()"
        case .sequel: return "dataset.multi_insert(rows) / import"
        case .gorm: return "db.CreateInBatches(records, 100)"
        case .efcore: return "AddRange(...) then one SaveChanges() (EF Core batches the inserts)"
        case .sequelize: return "Model.bulkCreate([...])"
        case .prisma: return "prisma.model.createMany({ data: [...] })"
        case .typeorm: return "repository.insert([...]) / createQueryBuilder().insert().values([...])"
        case .ecto: return "Repo.insert_all(Schema, entries)"
        case .laravel: return "Model::insert([...]) / upsert([...])"
        }
    }

    /// The ORM's call for a loop of one-row updates or deletes.
    public static func bulkUpdate(_ framework: Framework) -> String {
        switch framework {
        case .django: return "QuerySet.update(...) / bulk_update(objs, fields) / QuerySet.delete()"
        case .rails: return "Model.where(id: ids).update_all(...) / upsert_all / delete_all"
        case .sqlalchemy: return "session.execute(update(Model).where(Model.id.in_(ids)).values(...))"
        case .hibernate: return "a bulk JPQL UPDATE/DELETE"
        case .peewee: return "Model.update(...).where(Model.id.in_(ids)).execute()"
        case .sequel: return "dataset.where(id: ids).update(...) / delete"
        case .gorm: return "db.Model(&Model{}).Where(\"id IN ?\", ids).Updates(...)"
        case .efcore: return "ExecuteUpdate / ExecuteDelete on a filtered query (EF Core 7+)"
        case .sequelize: return "Model.update(values, { where: { id: ids } }) / Model.destroy({ where: ... })"
        case .prisma: return "prisma.model.updateMany / deleteMany({ where: { id: { in: ids } } })"
        case .typeorm: return "createQueryBuilder().update().whereInIds(ids)"
        case .ecto: return "Repo.update_all(from(r in Schema, where: r.id in ^ids), set: [...])"
        case .laravel: return "Model::whereIn('id', $ids)->update([...]) / delete()"
        }
    }

    /// `bookstore_author` → `author` when the other table shares the `bookstore_` prefix.
    static func modelName(_ table: String, sibling: String?) -> String {
        guard let sibling, let underscore = table.firstIndex(of: "_") else { return table }
        let prefix = table[...underscore]
        return sibling.hasPrefix(prefix) ? String(table[table.index(after: underscore)...]) : table
    }

    static func singular(_ word: String) -> String {
        if word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("ses") || word.hasSuffix("xes") { return String(word.dropLast(2)) }
        if word.hasSuffix("s") && !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }

    static func plural(_ word: String) -> String {
        if word.hasSuffix("s") { return word }
        if word.hasSuffix("y") && !word.hasSuffix("ay") && !word.hasSuffix("ey") && !word.hasSuffix("oy") { return String(word.dropLast()) + "ies" }
        return word + "s"
    }

    static func camel(_ word: String) -> String {
        word.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
