import Foundation

/// The catalog and statistics checks of `querylens inspect` on PostgreSQL, read-only through
/// the session of `PostgreSQLConnection`. Each check says what it looked at, or why it was
/// skipped (a missing view or extension, a privilege the role lacks), and never fails the
/// others.
struct PostgreSQLInspector {
    let connection: PostgreSQLConnection

    /// Runs every catalog check: the findings, and each check's result in `log`.
    func inspectCatalog(_ log: inout CheckLog) -> [Finding] {
        var findings: [Finding] = []
        let existing = log.run("duplicate_index", reading: "the indexes of user tables") { try self.indexes() }
        if let existing {
            findings += IndexOverlap.findings(existing) { "DROP INDEX CONCURRENTLY \(Self.quoted($0.schema, $0.name));" }
            log.detail("duplicate_index", "compared \(existing.count) indexes by table, method, columns, operator classes and predicate")
        }
        let keys = log.run("unindexed_foreign_key", reading: "foreign keys", { try foreignKeys() })
        if let keys {
            findings += ForeignKeyCoverage.findings(keys, indexes: existing ?? []) { key in
                "CREATE INDEX CONCURRENTLY ON \(Self.quoted(key.schema, key.table)) (\(key.columns.map(Self.identifier).joined(separator: ", ")));"
            }
            log.detail("unindexed_foreign_key", "checked \(keys.count) foreign keys against the leading columns of their table's indexes")
        }
        findings += log.run("unused_index", reading: "pg_stat_user_indexes (idx_scan) and pg_index", {
            try unusedIndexes(servingForeignKeys: Self.foreignKeyIndexes(keys ?? [], existing ?? []))
        }) ?? []
        findings += log.run("invalid_index", reading: "pg_index (indisvalid)", { try invalidIndexes() }) ?? []
        findings += log.run("sequential_scans", reading: "pg_stat_user_tables (seq_tup_read, idx_tup_fetch)", { try sequentialScans() }) ?? []
        findings += log.run("stale_statistics", reading: "pg_stat_user_tables (last analyze, n_mod_since_analyze)", { try staleStatistics() }) ?? []
        return findings
    }

    /// Where the statistics start: their last reset, else the server's start.
    func statisticsSince() throws -> (date: String, days: Int) {
        let row = try connection.query("""
            SELECT to_char(coalesce(stats_reset, pg_postmaster_start_time()) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                   floor(extract(epoch FROM now() - coalesce(stats_reset, pg_postmaster_start_time())) / 86400)::int
            FROM pg_stat_database WHERE datname = current_database()
            """).first
        return (row?[0] ?? "?", Int(row?[1] ?? "") ?? 0)
    }

    private static let userSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"

    func indexes() throws -> [IndexOverlap.Index] {
        try connection.query("""
            SELECT n.nspname, t.relname, c.relname, am.amname,
                   array_to_string(ARRAY(SELECT pg_get_indexdef(c.oid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k), E'\\x1f'),
                   i.indclass::text, pg_get_expr(i.indpred, i.indrelid, true),
                   (i.indisunique OR i.indisprimary OR i.indisexclusion OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid))::text,
                   i.indisvalid::text, pg_relation_size(c.oid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = c.relam
            WHERE \(Self.userSchemas)
            ORDER BY 1, 2, 3
            """).map { row in
            IndexOverlap.Index(
                schema: row[0], table: row[1] ?? "", name: row[2] ?? "", method: row[3] ?? "",
                columns: (row[4] ?? "").split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init),
                operatorClasses: (row[5] ?? "").split(separator: " ").map(String.init), predicate: row[6], enforces: row[7] == "true",
                valid: row[8] == "true", sizeBytes: Int64(row[9] ?? ""))
        }
    }

    func foreignKeys() throws -> [ForeignKeyCoverage.ForeignKey] {
        try connection.query("""
            SELECT n.nspname, t.relname, k.conname,
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, position)
                                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.position), E'\\x1f'),
                   rn.nspname || '.' || r.relname, pg_relation_size(t.oid)
            FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
            WHERE k.contype = 'f' AND \(Self.userSchemas)
            ORDER BY 1, 2, 3
            """).map { row in
            ForeignKeyCoverage.ForeignKey(
                schema: row[0], table: row[1] ?? "", name: row[2] ?? "",
                columns: (row[3] ?? "").split(separator: "\u{1F}").map(String.init), referencedTable: row[4] ?? "", tableSizeBytes: Int64(row[5] ?? ""))
        }
    }

    /// The indexes a foreign key relies on: the only ones leading with its columns. A delete of
    /// the referenced row scans the referencing table without them, so they are never unused
    /// advice, whatever idx_scan says.
    static func foreignKeyIndexes(_ keys: [ForeignKeyCoverage.ForeignKey], _ indexes: [IndexOverlap.Index]) -> Set<String> {
        var serving = Set<String>()
        for key in keys {
            let covering = indexes.filter { IndexOverlap.covers([$0], table: key.qualifiedTable, columns: key.columns) }
            if covering.count == 1, let only = covering.first { serving.insert(only.qualifiedName) }
        }
        return serving
    }

    /// Statistics younger than this are too young to call an index unused: such findings are notes.
    static let matureStatisticsDays = 7

    func unusedIndexes(servingForeignKeys: Set<String>) throws -> [Finding] {
        let since = try statisticsSince()
        let young = since.days < Self.matureStatisticsDays
        return try connection.query("""
            SELECT s.schemaname, s.relname, s.indexrelname, pg_relation_size(s.indexrelid), pg_get_indexdef(s.indexrelid)
            FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
            WHERE s.idx_scan = 0 AND i.indisvalid AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = s.indexrelid)
            ORDER BY 1, 2, 3
            """).compactMap { row in
            let object = "\(row[0] ?? "public").\(row[2] ?? "")"
            guard !servingForeignKeys.contains(object) else { return nil }
            let size = Int64(row[3] ?? "")
            var finding = CatalogFinding.make(
                .unusedIndex, object: object, table: "\(row[0] ?? "public").\(row[1] ?? "")", definition: row[4] ?? "",
                summary: "Drop the index if no query needs it (check replicas and rare jobs first): every write maintains it.",
                measured: "never scanned since the statistics began on \(since.date) (\(since.days) day\(since.days == 1 ? "" : "s") ago"
                    + (young ? ", too recent to be sure: a week of traffic tells" : "") + "); \(CatalogFinding.size(size))",
                fix: "DROP INDEX CONCURRENTLY \(Self.quoted(row[0], row[2] ?? ""));", sizeBytes: size)
            if young { finding.severity = .note }
            return finding
        }
    }

    func invalidIndexes() throws -> [Finding] {
        try connection.query("""
            SELECT n.nspname, t.relname, c.relname, pg_relation_size(c.oid), pg_get_indexdef(c.oid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT i.indisvalid AND \(Self.userSchemas)
            ORDER BY 1, 2, 3
            """).map { row in
            let name = Self.quoted(row[0], row[2] ?? "")
            let definition = row[4] ?? ""
            let rebuild = definition.replacingOccurrences(of: " INDEX ", with: " INDEX CONCURRENTLY ", options: [], range: definition.range(of: " INDEX "))
            return CatalogFinding.make(
                .invalidIndex, object: "\(row[0] ?? "public").\(row[2] ?? "")", table: "\(row[0] ?? "public").\(row[1] ?? "")",
                definition: definition,
                summary: "Drop the invalid index and build it again (for a unique index, remove the duplicates first), or REINDEX it concurrently.",
                measured: "indisvalid = false: a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY failed; the planner ignores it and writes still maintain it; \(CatalogFinding.size(Int64(row[3] ?? "")))",
                fix: "DROP INDEX CONCURRENTLY \(name);\n\(rebuild);\n-- or: REINDEX INDEX CONCURRENTLY \(name);", sizeBytes: Int64(row[3] ?? ""))
        }
    }

    func sequentialScans() throws -> [Finding] {
        try connection.query("""
            SELECT schemaname, relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0), coalesce(idx_tup_fetch, 0), n_live_tup, pg_relation_size(relid)
            FROM pg_stat_user_tables
            WHERE n_live_tup >= 1000 AND seq_scan >= 50 AND seq_tup_read > 10 * (coalesce(idx_tup_fetch, 0) + 1)
            ORDER BY seq_tup_read DESC, 1, 2
            """).map { row in
            let table = "\(row[0] ?? "public").\(row[1] ?? "")"
            return CatalogFinding.make(
                .sequentialScans, object: table, table: table, definition: table,
                summary: "Find the statements that scan it (missing_index findings with a log or pg_stat_statements, or `querylens indexes --from pg_stat_statements`) and index what they filter on.",
                measured: "\(row[2] ?? "0") sequential scans read \(row[3] ?? "0") rows, against \(row[5] ?? "0") rows fetched by \(row[4] ?? "0") index scans; \(row[6] ?? "0") live rows, \(CatalogFinding.size(Int64(row[7] ?? "")))",
                fix: nil, sizeBytes: Int64(row[7] ?? ""))
        }
    }

    func staleStatistics() throws -> [Finding] {
        try connection.query("""
            SELECT schemaname, relname, n_live_tup, n_mod_since_analyze,
                   to_char(greatest(last_analyze, last_autoanalyze) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), pg_relation_size(relid)
            FROM pg_stat_user_tables
            WHERE (last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup > 0)
               OR n_mod_since_analyze > greatest(1000, 0.2 * n_live_tup)
            ORDER BY 1, 2
            """).map { row in
            let table = "\(row[0] ?? "public").\(row[1] ?? "")"
            let measured = row[4].map { "\(row[3] ?? "?") rows changed since the last analyze on \($0), of \(row[2] ?? "?") live rows" }
                ?? "never analyzed, with \(row[2] ?? "?") live rows: the planner guesses its size and selectivity"
            return CatalogFinding.make(
                .staleStatistics, object: table, table: table, definition: table,
                summary: "Analyze the table, and check why autovacuum has not (autovacuum_analyze_scale_factor, autovacuum off on the table).",
                measured: measured, fix: "ANALYZE \(Self.quoted(row[0], row[1] ?? ""));", sizeBytes: Int64(row[5] ?? ""))
        }
    }

    /// An identifier quoted when it needs to be.
    static func identifier(_ name: String) -> String {
        let plain = name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
            && !(name.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? true)
        return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func quoted(_ schema: String?, _ name: String) -> String {
        (schema.map { identifier($0) + "." } ?? "") + identifier(name)
    }
}
