/// What the index advisor asks of a live database. Two implementations: PostgreSQL (libpq,
/// HypoPG) and SQLite (libsqlite3, a shadow in-memory copy of the schema). Neither ever runs
/// DDL on the user's database.
public protocol PlanningDatabase: AnyObject {
    var dialect: SQLDialect { get }
    /// The plan of a normalized statement (`$n` placeholders), without running it: for the
    /// values recorded in a log when given (SQL literals for `$1`, `$2`, ...: better estimates,
    /// and what lets a partial index apply), else the generic plan.
    func plan(_ sql: String, values: [String]?) throws -> QueryPlan
    /// Existing indexes of a table: name, column names in order, and whether it is unique (the
    /// primary key among them; partial and expression indexes are left out).
    func indexes(on table: String) throws -> [ExistingIndex]
    /// The table's size in pages, when known: a table of a few pages is read whole as fast as
    /// through any index.
    func tablePages(_ table: String) throws -> Int?
    /// Estimated distinct values of a column (higher is more selective), when known.
    func distinctValues(table: String, column: String) throws -> Double?
    /// The plan with a candidate index present, without creating it on the real database;
    /// `nil` with the reason when that cannot be done here.
    func planWithIndex(_ sql: String, values: [String]?, index: IndexDefinition) throws -> (plan: QueryPlan?, indexName: String, unverifiedReason: String?)
}

extension PlanningDatabase {
    /// The generic plan.
    public func plan(_ sql: String) throws -> QueryPlan { try plan(sql, values: nil) }
}

/// An index the table already has.
public struct ExistingIndex: Sendable, Equatable {
    public var name: String
    public var columns: [String]
    public var unique: Bool

    public init(name: String, columns: [String], unique: Bool) {
        self.name = name
        self.columns = columns
        self.unique = unique
    }
}

/// An index to try: table, ordered columns, and the predicate of a partial index.
public struct IndexDefinition: Hashable, Sendable, Codable {
    public var table: String
    public var columns: [IndexColumn]
    /// `deleted_at IS NULL`, `active = true`: the index covers only those rows.
    public var predicate: String?
    /// Columns stored in the index but not searched (PostgreSQL's INCLUDE), so that the
    /// statement is answered from the index alone.
    public var include: [String]

    public init(table: String, columns: [IndexColumn], predicate: String? = nil, include: [String] = []) {
        self.table = table
        self.columns = columns
        self.predicate = predicate
        self.include = include
    }

    /// `ON t (a, b DESC) INCLUDE (c) WHERE p`, the part of CREATE INDEX after the name.
    public var target: String {
        "ON \(table) (\(columns.map(\.sql).joined(separator: ", ")))"
            + (include.isEmpty ? "" : " INCLUDE (\(include.joined(separator: ", ")))") + (predicate.map { " WHERE \($0)" } ?? "")
    }
}

/// One column of an index, with its direction.
public struct IndexColumn: Hashable, Sendable, Codable {
    public var name: String
    public var descending: Bool

    public init(name: String, descending: Bool = false) {
        self.name = name
        self.descending = descending
    }

    public var sql: String { descending ? "\(name) DESC" : name }
}

/// A normalized statement as SQL a planner accepts: collapsed lists (`$1, ...`) become one
/// placeholder, collapsed `VALUES` rows disappear.
public enum PlannableSQL {
    public static func from(normalized text: String) -> String {
        text.replacingOccurrences(of: ", ...", with: "")
    }

    /// The highest `$n` in the text.
    static func parameterCount(_ text: String) -> Int {
        var highest = 0
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            var end = text.index(after: dollar)
            while end < text.endIndex, text[end].isNumber { end = text.index(after: end) }
            if let number = Int(text[text.index(after: dollar)..<end]) { highest = max(highest, number) }
            index = end
        }
        return highest
    }
}
