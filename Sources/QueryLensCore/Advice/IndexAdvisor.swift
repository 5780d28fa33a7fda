/// Designs indexes for a workload and verifies them on the real planner.
///
/// Per statement whose plan reads a table in full with a filter, or sorts for an ORDER BY: a
/// candidate from its shape (equality columns first, most selective first, then the ORDER BY
/// columns with their direction, else one range column). Candidates already served by an
/// existing index (same leading columns) are dropped; a candidate that is a prefix of another
/// on the same table is merged into it, so one compound index serves several statements.
/// Each remaining index is tried (HypoPG, or SQLite's shadow schema) against every statement
/// it is meant to serve, with costs before and after.
///
/// Advice worth creating only (Dexter's rules are the floor):
/// - a statement whose equality columns hold a unique key (`WHERE id = $1 AND ...`) reads one
///   row already: never an index led by that key;
/// - a table of at most `Options.minimumTablePages` pages is read whole as fast as through any
///   index: nothing;
/// - when an existing index already starts with the statement's equality columns, the advice
///   is to *extend* that index (it replaces it), not a new one;
/// - every suggestion must cut the planner's cost of the statements it serves by half, and save
///   at least `Options.minimumBenefitMs` across the log (executions × the time their cost cut
///   stands for; `minimumBenefitCost` planner units when the log has no durations).
public struct IndexAdvisor {
    /// A distinct statement of the workload and its weight.
    public struct Statement: Sendable {
        public var query: String
        public var shape: StatementShape
        public var executions: Int
        public var durationMs: Double
        /// Values one execution ran with, as SQL literals for `$1`, `$2`, ... (from the log),
        /// so the planner estimates with real values; `nil` for the generic plan.
        public var values: [String]?

        public init(query: String, shape: StatementShape, executions: Int, durationMs: Double, values: [String]? = nil) {
            self.query = query
            self.shape = shape
            self.executions = executions
            self.durationMs = durationMs
            self.values = values
        }
    }

    public struct Suggestion: Sendable, Codable {
        public struct Served: Sendable, Codable {
            public var query: String
            public var executions: Int
            public var costBefore: Double
            public var costAfter: Double?
            public var usesIndex: Bool
            public var problem: String
            /// The plans in one line each (`QueryPlan.summary`), without and with the index.
            public var planBefore: String?
            public var planAfter: String?
        }

        public var table: String
        public var columns: [IndexColumn]
        /// The predicate of a partial index (`deleted_at IS NULL`), when the statements filter
        /// on a constant.
        public var predicate: String?
        /// Columns to INCLUDE so the statements are answered from the index alone.
        public var include: [String]
        public var createStatement: String
        public var statements: [Served]
        public var verified: Bool
        /// Why it could not be verified, when it was not.
        public var unverifiedReason: String?
        /// Existing indexes this one makes redundant (their columns are its prefix).
        public var redundantIndexes: [String]
        /// The existing index this one extends: it already starts with the statements'
        /// equality columns, and the new one replaces it.
        public var extends: String?
        /// Across the log: the time saved (executions × their duration × the share of the cost
        /// the index cuts), when the log has durations, and the planner cost saved.
        public var savedMs: Double?
        public var savedCost: Double?
    }

    public static let description = """
        A statement read a table in full and filtered it, or sorted rows for its ORDER BY and \
        LIMIT, where an index would find them directly. The suggested compound index puts the \
        equality columns first (most selective first), then the sort columns with their \
        direction or one range column; candidates sharing a prefix are merged so one index \
        serves several statements. It was tried on the real planner (HypoPG on PostgreSQL, a \
        shadow copy of the schema on SQLite) and is reported with the costs before and after.
        """

    public struct Options: Sendable {
        /// Tables of at most this many pages get no index.
        public var minimumTablePages = 8
        /// The least time an index must save across the log, in milliseconds.
        public var minimumBenefitMs = 0.5
        /// The same in planner cost units × executions, for logs without durations.
        public var minimumBenefitCost = 100.0
        /// The least share of the served statements' cost an index must save.
        public var minimumCostReduction = 0.5

        public init() {}
    }

    public let database: any PlanningDatabase
    public let options: Options

    public init(database: any PlanningDatabase, options: Options = Options()) {
        self.database = database
        self.options = options
    }

    public func advise(_ statements: [Statement]) throws -> [Suggestion] {
        struct Candidate {
            var table: String
            var columns: [IndexColumn]
            var predicate: String?
            var members: [(statement: Statement, plan: QueryPlan, problem: String)]
            var weight: Double
        }
        var candidates: [Candidate] = []
        var existing: [String: [ExistingIndex]] = [:]
        var pages: [String: Int?] = [:]
        for statement in statements where [.select, .update, .delete].contains(statement.shape.kind) {
            guard let table = Self.mainTable(statement.shape) else { continue }
            if pages[table] == nil { pages[table] = try database.tablePages(table) }
            if let size = pages[table] ?? nil, size <= options.minimumTablePages { continue }
            let plan: QueryPlan
            do { plan = try database.plan(statement.query, values: statement.values) } catch { continue }
            let filtered = statement.shape.predicates.contains { $0.scope == 0 && ($0.column.table == table || $0.column.table == nil) }
            guard let problem = plan.problems(on: table, filtered: filtered).first else { continue }
            guard let (columns, predicate) = try candidateColumns(statement.shape, table: table), !columns.isEmpty else { continue }
            if existing[table] == nil { existing[table] = try database.indexes(on: table) }
            let indexes = existing[table, default: []]
            // One row by a unique key already: no index led by it is the fix.
            let equality = Set(Self.equalityColumns(statement.shape, table: table))
            if indexes.contains(where: { $0.unique && !$0.columns.isEmpty && Set($0.columns).isSubset(of: equality) }) { continue }
            let names = columns.map(\.name)
            if indexes.contains(where: { Array($0.columns.prefix(names.count)) == names }) { continue }
            candidates.append(Candidate(table: table, columns: columns, predicate: predicate, members: [(statement, plan, problem)],
                                        weight: max(statement.durationMs, Double(statement.executions))))
        }
        // Merge a candidate into a longer one it is a prefix of (same table).
        candidates.sort { $0.columns.count != $1.columns.count ? $0.columns.count > $1.columns.count : $0.weight > $1.weight }
        var merged: [Candidate] = []
        for candidate in candidates {
            if let index = merged.firstIndex(where: {
                $0.table == candidate.table && $0.predicate == candidate.predicate && Array($0.columns.prefix(candidate.columns.count)) == candidate.columns
            }) {
                merged[index].members += candidate.members
                merged[index].weight += candidate.weight
            } else {
                merged.append(candidate)
            }
        }
        merged.sort { $0.weight > $1.weight }
        return try merged.compactMap { candidate in
            // A partial index when the statements filter on a constant and the planner takes it;
            // else the full one.
            var definition = IndexDefinition(table: candidate.table, columns: candidate.columns, predicate: candidate.predicate)
            if candidate.predicate != nil {
                let partialUsed = try candidate.members.contains { member in
                    let trial = try database.planWithIndex(member.statement.query, values: member.statement.values, index: definition)
                    return trial.plan?.uses(index: trial.indexName) ?? false
                }
                if !partialUsed { definition.predicate = nil }
            }
            if database.dialect == .postgresql, let include = Self.coveringColumns(candidate.members.map(\.statement), table: candidate.table, key: candidate.columns) {
                definition.include = try coveringPays(definition, include: include, members: candidate.members.map(\.statement)) ? include : []
            }
            var served: [Suggestion.Served] = []
            var reason: String?
            var anyUses = false
            for member in candidate.members {
                let trial = try database.planWithIndex(member.statement.query, values: member.statement.values, index: definition)
                reason = reason ?? trial.unverifiedReason
                let uses = trial.plan?.uses(index: trial.indexName) ?? false
                anyUses = anyUses || uses
                served.append(Suggestion.Served(
                    query: member.statement.query, executions: member.statement.executions, costBefore: member.plan.cost,
                    costAfter: trial.plan?.cost, usesIndex: uses, problem: member.problem,
                    planBefore: member.plan.summary, planAfter: trial.plan?.summary))
            }
            // An index the planner would not use is no advice; one that could not be tried is
            // reported as unverified, with the reason.
            if reason == nil && !anyUses { return nil }
            let names = candidate.columns.map(\.name)
            let indexes = existing[candidate.table, default: []]
            let redundant = indexes.filter { index in
                !index.unique && index.columns.count < names.count && Array(names.prefix(index.columns.count)) == index.columns
            }.map(\.name)
            // An existing index that starts with the equality columns is extended, not doubled.
            let equalityCount = candidate.members.map { Self.equalityColumns($0.statement.shape, table: candidate.table).count }.min() ?? 0
            let extends = indexes.first { index in
                !index.unique && equalityCount > 0 && index.columns.count >= equalityCount && index.columns.count < names.count
                    && Set(index.columns.prefix(equalityCount)) == Set(names.prefix(equalityCount))
            }?.name
            // Worth creating: the cost of what it serves cut by half, and enough saved across the log.
            var savedMs: Double?
            var savedCost: Double?
            if reason == nil {
                let before = served.reduce(0) { $0 + $1.costBefore * Double($1.executions) }
                let after = served.reduce(0) { $0 + ($1.costAfter ?? $1.costBefore) * Double($1.executions) }
                guard before > 0, after <= before * (1 - options.minimumCostReduction) else { return nil }
                savedCost = before - after
                let durations = candidate.members.map(\.statement.durationMs)
                if durations.contains(where: { $0 > 0 }) {
                    let milliseconds = zip(candidate.members, served).reduce(0.0) { total, pair in
                        let cut = pair.1.costBefore > 0 ? max(0, 1 - (pair.1.costAfter ?? pair.1.costBefore) / pair.1.costBefore) : 0
                        return total + pair.0.statement.durationMs * cut
                    }
                    savedMs = milliseconds
                    guard milliseconds >= options.minimumBenefitMs else { return nil }
                } else {
                    guard before - after >= options.minimumBenefitCost else { return nil }
                }
            }
            return Suggestion(
                table: candidate.table, columns: candidate.columns, predicate: definition.predicate, include: definition.include,
                createStatement: createStatement(definition),
                statements: served, verified: reason == nil, unverifiedReason: reason,
                redundantIndexes: redundant, extends: extends, savedMs: savedMs, savedCost: savedCost)
        }
    }

    /// The columns of this table a statement compares for equality (`=`, `IN`, `IS NULL`).
    static func equalityColumns(_ shape: StatementShape, table: String) -> [String] {
        let sole = shape.tables.filter { $0.scope == 0 }.count == 1
        return shape.predicates.filter { predicate in
            predicate.scope == 0 && (predicate.column.table == table || (predicate.column.table == nil && sole))
                && [.equality, .in, .isNull].contains(predicate.operator)
        }.map(\.column.column)
    }

    /// The columns every statement selects beyond the key, when all of them select plain
    /// columns of this table (at most four: a wider index costs more than a heap fetch).
    static func coveringColumns(_ statements: [Statement], table: String, key: [IndexColumn]) -> [String]? {
        var include: [String] = []
        for statement in statements {
            guard let selected = statement.shape.selected else { return nil }
            let sole = statement.shape.tables.filter { $0.scope == 0 }.count == 1
            for column in selected {
                guard column.table == table || (column.table == nil && sole) else { return nil }
                if !key.contains(where: { $0.name == column.column }) && !include.contains(column.column) { include.append(column.column) }
            }
        }
        return include.isEmpty || include.count > 4 ? nil : include
    }

    /// Whether INCLUDE makes the plans cheaper (an index-only scan instead of heap fetches).
    func coveringPays(_ index: IndexDefinition, include: [String], members: [Statement]) throws -> Bool {
        var covering = index
        covering.include = include
        var plain = 0.0
        var covered = 0.0
        for member in members {
            guard let without = try database.planWithIndex(member.query, values: member.values, index: index).plan,
                let with = try database.planWithIndex(member.query, values: member.values, index: covering).plan
            else { return false }
            plain += without.cost
            covered += with.cost
        }
        return covered < plain * 0.9
    }

    /// `CREATE INDEX CONCURRENTLY` for PostgreSQL (no write lock on a live table), plain
    /// `CREATE INDEX` for SQLite.
    func createStatement(_ index: IndexDefinition) -> String {
        let name = ([index.table] + index.columns.map(\.name) + [index.predicate == nil ? "idx" : "partial_idx"]).joined(separator: "_")
        return database.dialect == .sqlite
            ? "CREATE INDEX \(name) \(index.target);"
            : "CREATE INDEX CONCURRENTLY \(name) \(index.target);"
    }

    /// The table the outer query filters: the only table of scope 0, or the one its
    /// predicates name.
    static func mainTable(_ shape: StatementShape) -> String? {
        let outer = shape.tables.filter { $0.scope == 0 }
        if outer.count == 1 { return outer[0].name }
        return shape.predicates.first { $0.scope == 0 && $0.column.table != nil }?.column.table
    }

    /// Equality columns (most selective first), then the ORDER BY columns with their
    /// direction when they are all on this table, else the first range column; and the
    /// constant comparisons (`deleted_at IS NULL`, `active = true`) as a partial-index predicate.
    func candidateColumns(_ shape: StatementShape, table: String) throws -> (columns: [IndexColumn], predicate: String?)? {
        let sole = shape.tables.filter { $0.scope == 0 }.count == 1
        func onTable(_ column: ColumnReference) -> Bool { column.table == table || (column.table == nil && sole) }
        let all = shape.predicates.filter { $0.scope == 0 && onTable($0.column) }
        let constants = all.filter { $0.constant != nil && $0.placeholder == nil }
        let predicates = all.filter { !($0.constant != nil && $0.placeholder == nil) }
        let partial = constants.compactMap { predicate -> String? in
            switch predicate.operator {
            case .isNull: return "\(predicate.column.column) IS NULL"
            case .isNotNull: return "\(predicate.column.column) IS NOT NULL"
            case .equality: return predicate.constant.map { "\(predicate.column.column) = \($0)" }
            default: return nil
            }
        }
        var equality: [String] = []
        for predicate in predicates where [.equality, .in, .isNull].contains(predicate.operator) && !equality.contains(predicate.column.column) {
            equality.append(predicate.column.column)
        }
        let selectivity = try equality.map { ($0, try database.distinctValues(table: table, column: $0) ?? 0) }
        var columns = selectivity.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : false }.map { IndexColumn(name: $0.0) }
        let order = shape.orderBy.filter { $0.scope == 0 }
        if !order.isEmpty, order.allSatisfy({ onTable($0.column) }) {
            for column in order where !columns.contains(where: { $0.name == column.column.column }) {
                columns.append(IndexColumn(name: column.column.column, descending: column.descending))
            }
        } else if let range = predicates.first(where: { [.range, .likePrefix].contains($0.operator) && !equality.contains($0.column.column) }) {
            columns.append(IndexColumn(name: range.column.column))
        }
        return (columns, partial.isEmpty ? nil : partial.joined(separator: " AND "))
    }
}
