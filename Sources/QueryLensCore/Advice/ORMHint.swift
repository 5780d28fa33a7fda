import Foundation

/// The ORM's own fix for a loop, when the ORM is known: Django's `select_related` /
/// `prefetch_related`, Rails' `includes`, SQLAlchemy's `joinedload` / `selectinload`, with the
/// association named from the table and column names (a guess the text says is one).
public enum ORMHint {
    public enum Framework: String, Sendable {
        case django, rails, sqlalchemy, hibernate
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
        case (.hibernate, _):
            return "Batch the collection: @BatchSize on the association, or JOIN FETCH / @EntityGraph"
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
