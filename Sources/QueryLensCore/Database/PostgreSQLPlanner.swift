/// `PlanningDatabase` over a read-only libpq session.
///
/// Plans without values: PostgreSQL 16+ has `EXPLAIN (GENERIC_PLAN)`; on 15 the statement is
/// `PREPARE`d and `EXECUTE`d under `plan_cache_mode = force_generic_plan`, which gives the same
/// generic plan. Never `EXPLAIN ANALYZE`. Candidate indexes are tried with HypoPG
/// (`hypopg_create_index`, then `hypopg_reset`), which exists only in this session's memory.
public final class PostgreSQLPlanner: PlanningDatabase {
    public let connection: PostgreSQLConnection
    public let dialect = SQLDialect.postgresql
    /// `--analyze`: run SELECTs that have recorded values under `EXPLAIN ANALYZE`, inside a
    /// read-only transaction that is rolled back, to report their actual time. Off by default.
    public var analyze = false
    private lazy var hasHypoPG: Bool = (try? connection.query("SELECT 1 FROM pg_extension WHERE extname = 'hypopg'"))?.isEmpty == false

    public init(connection: PostgreSQLConnection) {
        self.connection = connection
    }

    public func plan(_ sql: String, values: [String]?) throws -> QueryPlan {
        let text = PlannableSQL.from(normalized: sql)
        let parameters = PlannableSQL.parameterCount(text)
        if parameters == 0 {
            return try QueryPlan.postgres(json: try explainJSON("EXPLAIN (FORMAT JSON) \(text)"))
        }
        let recorded = values.flatMap { $0.count == parameters ? $0 : nil }
        if recorded == nil && connection.serverVersion >= 160_000 {
            return try QueryPlan.postgres(json: try explainJSON("EXPLAIN (GENERIC_PLAN, FORMAT JSON) \(text)"))
        }
        try connection.query("DEALLOCATE ALL")
        try connection.query("PREPARE querylens_plan AS \(text)")
        defer { _ = try? connection.query("DEALLOCATE querylens_plan") }
        // With recorded values, a custom plan for them; without, the generic plan.
        try connection.query("SET plan_cache_mode = \(recorded == nil ? "force_generic_plan" : "force_custom_plan")")
        defer { _ = try? connection.query("RESET plan_cache_mode") }
        let arguments = (recorded ?? Array(repeating: "NULL", count: parameters)).joined(separator: ", ")
        if analyze, recorded != nil, text.hasPrefix("SELECT") {
            try connection.query("BEGIN READ ONLY")
            defer { _ = try? connection.query("ROLLBACK") }
            return try QueryPlan.postgres(json: try explainJSON("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE querylens_plan(\(arguments))"))
        }
        do {
            return try QueryPlan.postgres(json: try explainJSON("EXPLAIN (FORMAT JSON) EXECUTE querylens_plan(\(arguments))"))
        } catch let error as DatabaseError where recorded != nil && (error.code.hasPrefix("22") || error.code.hasPrefix("42")) {
            // A recorded value the statement's types refuse (cut by log_parameter_max_length):
            // fall back to the generic plan.
            try connection.query("SET plan_cache_mode = force_generic_plan")
            let nulls = Array(repeating: "NULL", count: parameters).joined(separator: ", ")
            return try QueryPlan.postgres(json: try explainJSON("EXPLAIN (FORMAT JSON) EXECUTE querylens_plan(\(nulls))"))
        }
    }

    private func explainJSON(_ sql: String) throws -> String {
        guard let json = try connection.query(sql).first?.first ?? nil else {
            throw DatabaseError(code: "", message: "EXPLAIN returned nothing", sql: sql)
        }
        return json
    }

    public func indexes(on table: String) throws -> [ExistingIndex] {
        let rows = try connection.query("""
            SELECT i.relname, string_agg(a.attname, ',' ORDER BY k.ord), bool_or(x.indisunique)
            FROM pg_index x
            JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid
            CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE c.relname = $1 AND x.indpred IS NULL AND k.attnum > 0
            GROUP BY i.relname ORDER BY i.relname
            """, [table])
        return rows.compactMap { row in
            guard let name = row[0], let columns = row[1] else { return nil }
            return ExistingIndex(name: name, columns: columns.split(separator: ",").map(String.init), unique: row[2] == "t")
        }
    }

    public func tablePages(_ table: String) throws -> Int? {
        // The real size on disk, not relpages: that is 0 until the first VACUUM or ANALYZE.
        let rows = try connection.query("""
            SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint FROM pg_class c
            WHERE c.relname = $1 AND c.relkind IN ('r', 'm', 'p') ORDER BY c.oid LIMIT 1
            """, [table])
        return rows.first?.first.flatMap { $0.flatMap { Int($0) } }
    }

    public func distinctValues(table: String, column: String) throws -> Double? {
        let rows = try connection.query("""
            SELECT s.n_distinct, c.reltuples FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename
            WHERE s.tablename = $1 AND s.attname = $2
            """, [table, column])
        guard let row = rows.first, let distinct = row[0].flatMap(Double.init) else { return nil }
        // Negative n_distinct is a fraction of the rows.
        return distinct >= 0 ? distinct : -distinct * max(1, row[1].flatMap(Double.init) ?? 1)
    }

    public func planWithIndex(_ sql: String, values: [String]?, index: IndexDefinition) throws -> (plan: QueryPlan?, indexName: String, unverifiedReason: String?) {
        guard hasHypoPG else {
            return (nil, "", "the HypoPG extension is not installed in this database (CREATE EXTENSION hypopg, by its owner), so the index could not be tried")
        }
        let definition = "CREATE INDEX \(index.target)"
        guard let created = try connection.query("SELECT indexname FROM hypopg_create_index($1)", [definition]).first?.first ?? nil else {
            throw DatabaseError(code: "", message: "hypopg_create_index returned nothing", sql: definition)
        }
        defer { _ = try? connection.query("SELECT hypopg_reset()") }
        return (try plan(sql, values: values), created, nil)
    }
}
