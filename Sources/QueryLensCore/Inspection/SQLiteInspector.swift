import Foundation

/// The catalog checks of `querylens inspect` on a SQLite file, opened read-only: foreign keys
/// without an index, duplicate and prefix indexes, and tables `ANALYZE` never measured. SQLite
/// keeps no statistics of use, so unused indexes, sequential scans and the workload are skipped
/// with that reason.
struct SQLiteInspector {
    let database: SQLiteConnection

    func inspectCatalog(_ log: inout CheckLog) -> [Finding] {
        var findings: [Finding] = []
        let tables = (try? database.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))?
            .compactMap { $0.first ?? nil } ?? []
        let existing = log.run("duplicate_index", reading: "PRAGMA index_list and index_info of \(tables.count) tables") { try indexes(tables) }
        if let existing {
            findings += IndexOverlap.findings(existing) { "DROP INDEX \(Self.quoted($0.name));" }
            log.detail("duplicate_index", "compared \(existing.count) indexes of \(tables.count) tables by columns and predicate")
        }
        if let keys = log.run("unindexed_foreign_key", reading: "PRAGMA foreign_key_list", { try foreignKeys(tables) }) {
            findings += ForeignKeyCoverage.findings(keys, indexes: existing ?? []) { key in
                "CREATE INDEX \(Self.quoted("\(key.table)_\(key.columns.joined(separator: "_"))_idx")) ON \(Self.quoted(key.table)) (\(key.columns.map(Self.quoted).joined(separator: ", ")));"
            }
            log.detail("unindexed_foreign_key", "checked \(keys.count) foreign keys against the leading columns of their table's indexes")
        }
        findings += log.run("stale_statistics", reading: "sqlite_stat1", { try unmeasuredTables(tables, indexes: existing ?? []) }) ?? []
        for check in ["unused_index", "invalid_index", "sequential_scans"] {
            log.skip(check, "SQLite keeps no statistics of index use or scans")
        }
        return findings
    }

    func indexes(_ tables: [String]) throws -> [IndexOverlap.Index] {
        var result: [IndexOverlap.Index] = []
        for table in tables {
            // seq, name, unique, origin (c: CREATE INDEX, u: UNIQUE constraint, pk), partial
            for row in try database.query("PRAGMA index_list(\(Self.quoted(table)))") {
                guard row.count >= 5, let name = row[1] else { continue }
                let info = try database.query("PRAGMA index_info(\(Self.quoted(name)))")
                // An expression column has no name: the index is left out of the comparison.
                let columns = info.sorted { (Int($0[0] ?? "") ?? 0) < (Int($1[0] ?? "") ?? 0) }.map { $0[2] ?? "" }
                guard !columns.contains("") else { continue }
                let sql = try database.query("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '\(name.replacingOccurrences(of: "'", with: "''"))'").first?.first ?? nil
                result.append(IndexOverlap.Index(
                    schema: nil, table: table, name: name, method: "btree", columns: columns, operatorClasses: [],
                    predicate: row[4] == "1" ? sql.flatMap(Self.predicate) : nil, enforces: row[2] == "1" || row[3] != "c", valid: true,
                    sizeBytes: nil))
            }
        }
        return result
    }

    func foreignKeys(_ tables: [String]) throws -> [ForeignKeyCoverage.ForeignKey] {
        var keys: [ForeignKeyCoverage.ForeignKey] = []
        for table in tables {
            // id, seq, table, from, to, on_update, on_delete, match
            let rows = try database.query("PRAGMA foreign_key_list(\(Self.quoted(table)))")
            let byID = Dictionary(grouping: rows, by: { $0[0] ?? "" })
            for id in byID.keys.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }) {
                let columns = (byID[id] ?? []).sorted { (Int($0[1] ?? "") ?? 0) < (Int($1[1] ?? "") ?? 0) }
                guard let first = columns.first else { continue }
                keys.append(ForeignKeyCoverage.ForeignKey(
                    schema: nil, table: table, name: "#\(id)", columns: columns.map { $0[3] ?? "" }, referencedTable: first[2] ?? "?",
                    tableSizeBytes: nil))
            }
        }
        return keys
    }

    /// Tables with indexes that have no `sqlite_stat1` row: the planner knows nothing of their
    /// sizes or selectivities.
    func unmeasuredTables(_ tables: [String], indexes: [IndexOverlap.Index]) throws -> [Finding] {
        let hasStatistics = try !database.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").isEmpty
        let measured = hasStatistics ? Set(try database.query("SELECT DISTINCT tbl FROM sqlite_stat1").compactMap { $0.first ?? nil }) : []
        let indexed = Set(indexes.map(\.table))
        return tables.filter { indexed.contains($0) && !measured.contains($0) }.map { table in
            CatalogFinding.make(
                .staleStatistics, object: table, table: table, definition: table,
                summary: "Run ANALYZE (or PRAGMA optimize before closing connections) so the planner knows the table's size and the selectivity of its indexes.",
                measured: hasStatistics ? "no sqlite_stat1 rows: ANALYZE ran before the table had its indexes or rows"
                    : "ANALYZE has never run on this database (no sqlite_stat1)",
                fix: "ANALYZE \(Self.quoted(table));")
        }
    }

    /// The `WHERE` of a partial index's `CREATE INDEX`.
    static func predicate(_ sql: String) -> String? {
        guard let range = sql.range(of: " WHERE ", options: [.caseInsensitive, .backwards]) else { return nil }
        return sql[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
