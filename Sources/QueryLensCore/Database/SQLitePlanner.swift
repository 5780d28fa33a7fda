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

    public func indexes(on table: String) throws -> [ExistingIndex] {
        try Self.indexes(on: table, in: database)
    }

    /// The table's indexes, and its INTEGER PRIMARY KEY (the rowid, which no index lists) as a
    /// unique one.
    static func indexes(on table: String, in connection: SQLiteConnection) throws -> [ExistingIndex] {
        let list = try connection.query("SELECT name, partial, \"unique\" FROM pragma_index_list(\(quoted(table)))")
        var indexes = try list.compactMap { row -> ExistingIndex? in
            guard let name = row[0], row[1] != "1" else { return nil }
            let columns = try connection.query("SELECT name FROM pragma_index_info(\(quoted(name))) ORDER BY seqno").compactMap { $0[0] }
            return columns.isEmpty ? nil : ExistingIndex(name: name, columns: columns, unique: row[2] == "1")
        }
        let keys = try connection.query("SELECT name, type FROM pragma_table_info(\(quoted(table))) WHERE pk > 0 ORDER BY pk")
        if keys.count == 1, let name = keys[0][0], keys[0][1]?.uppercased() == "INTEGER" {
            indexes.append(ExistingIndex(name: "\(table) rowid", columns: [name], unique: true))
        }
        return indexes
    }

    public func tablePages(_ table: String) throws -> Int? {
        // dbstat is compiled into Debian's libsqlite3; elsewhere the size is unknown.
        guard let rows = try? database.query("SELECT count(*) FROM dbstat WHERE name = \(Self.quoted(table))") else { return nil }
        return rows.first?.first.flatMap { $0.flatMap { Int($0) } }
    }

    public func distinctValues(table: String, column: String) throws -> Double? {
        // sqlite_stat1: "rows avg-rows-per-key1 avg-rows-per-key2 ..." for an index whose first
        // column is this one.
        guard try !database.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").isEmpty else { return nil }
        for index in try indexes(on: table) where index.columns.first == column {
            let name = index.name
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
