/// `PlanningDatabase` over a SQLite file opened read-only. Candidate indexes are tried on a
/// shadow: an in-memory database with the same schema and the same `sqlite_stat1` statistics,
/// so the planner decides as it would on the real file, which is never written.
public final class SQLitePlanner: PlanningDatabase {
    public let database: SQLiteConnection
    public let dialect = SQLDialect.sqlite
    private var shadow: SQLiteConnection?

    public init(database: SQLiteConnection) {
        self.database = database
    }

    /// SQLite plans without values: EXPLAIN QUERY PLAN leaves parameters unbound.
    public func plan(_ sql: String, values: [String]?) throws -> QueryPlan {
        QueryPlan.sqlite(rows: try database.query("EXPLAIN QUERY PLAN \(PlannableSQL.from(normalized: sql))"))
    }

    public func indexes(on table: String) throws -> [(name: String, columns: [String])] {
        try Self.indexes(on: table, in: database)
    }

    static func indexes(on table: String, in connection: SQLiteConnection) throws -> [(name: String, columns: [String])] {
        let list = try connection.query("SELECT name, partial FROM pragma_index_list(\(quoted(table)))")
        return try list.compactMap { row in
            guard let name = row[0], row[1] != "1" else { return nil }
            let columns = try connection.query("SELECT name FROM pragma_index_info(\(quoted(name))) ORDER BY seqno").compactMap { $0[0] }
            return columns.isEmpty ? nil : (name, columns)
        }
    }

    public func distinctValues(table: String, column: String) throws -> Double? {
        // sqlite_stat1: "rows avg-rows-per-key1 avg-rows-per-key2 ..." for an index whose first
        // column is this one.
        guard try !database.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").isEmpty else { return nil }
        for (name, columns) in try indexes(on: table) where columns.first == column {
            guard let stat = try database.query("SELECT stat FROM sqlite_stat1 WHERE idx = \(Self.quoted(name))").first?.first ?? nil else { continue }
            let numbers = stat.split(separator: " ").compactMap { Double($0) }
            if numbers.count >= 2, numbers[1] > 0 { return numbers[0] / numbers[1] }
        }
        return nil
    }

    public func planWithIndex(_ sql: String, values: [String]?, index: IndexDefinition) throws -> (plan: QueryPlan?, indexName: String, unverifiedReason: String?) {
        let shadow = try shadowDatabase()
        let name = "querylens_candidate"
        try shadow.execute("CREATE INDEX \(name) \(index.target)")
        defer { _ = try? shadow.execute("DROP INDEX \(name)") }
        return (QueryPlan.sqlite(rows: try shadow.query("EXPLAIN QUERY PLAN \(PlannableSQL.from(normalized: sql))")), name, nil)
    }

    /// The shadow, made on first use: schema, then statistics, then `ANALYZE sqlite_master` so
    /// the planner loads them.
    private func shadowDatabase() throws -> SQLiteConnection {
        if let shadow { return shadow }
        let copy = try SQLiteConnection(path: ":memory:", readOnly: false)
        for row in try database.query("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END") {
            if let sql = row[0] { try copy.execute(sql) }
        }
        if try !database.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").isEmpty {
            try copy.execute("ANALYZE")
            try copy.execute("DELETE FROM sqlite_stat1")
            for row in try database.query("SELECT tbl, idx, stat FROM sqlite_stat1") {
                let values = row.map { $0.map(Self.quoted) ?? "NULL" }.joined(separator: ", ")
                try copy.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (\(values))")
            }
            try copy.execute("ANALYZE sqlite_master")
        }
        shadow = copy
        return copy
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
