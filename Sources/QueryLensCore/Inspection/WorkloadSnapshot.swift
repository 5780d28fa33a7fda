import Foundation

/// pg_stat_statements of one database at one moment. Two snapshots taken a window apart give
/// that window's traffic (`difference(since:)`) without resetting the server's statistics.
public struct WorkloadSnapshot: Sendable {
    public struct Entry: Sendable, Equatable {
        public var query: String
        public var calls: Int
        public var totalMilliseconds: Double
        public var rows: Int
        public var sharedBlocksHit: Int
        public var sharedBlocksRead: Int
    }

    /// By user and query id, as pg_stat_statements keys them.
    public var entries: [String: Entry]
    /// Statements of other roles whose text this role may not read (no `pg_read_all_stats`).
    public var hidden: Int
    public var takenAt: Date

    /// Reads the current database's entries; throws `DatabaseError` when the view is missing
    /// or not loaded.
    public static func take(_ connection: PostgreSQLConnection) throws -> WorkloadSnapshot {
        let time = connection.serverVersion >= 130000 ? "total_exec_time" : "total_time"
        let rows = try connection.query("""
            SELECT userid::text || '/' || coalesce(queryid::text, md5(query)), query, calls, \(time), rows, shared_blks_hit, shared_blks_read
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        var entries: [String: Entry] = [:]
        var hidden = 0
        for row in rows {
            guard let key = row[0], let query = row[1] else { continue }
            if query == "<insufficient privilege>" {
                hidden += 1
                continue
            }
            entries[key] = Entry(
                query: query, calls: Int(row[2] ?? "") ?? 0, totalMilliseconds: Double(row[3] ?? "") ?? 0, rows: Int(row[4] ?? "") ?? 0,
                sharedBlocksHit: Int(row[5] ?? "") ?? 0, sharedBlocksRead: Int(row[6] ?? "") ?? 0)
        }
        return WorkloadSnapshot(entries: entries, hidden: hidden, takenAt: Date())
    }

    /// What ran between `earlier` and this snapshot: statements new since then count whole;
    /// statements that did not run are left out (a statistics reset in between makes counts
    /// drop: those count whole, as new).
    public func difference(since earlier: WorkloadSnapshot) -> WorkloadSnapshot {
        var result: [String: Entry] = [:]
        for (key, now) in entries {
            guard let before = earlier.entries[key], before.calls <= now.calls else {
                result[key] = now
                continue
            }
            guard now.calls > before.calls else { continue }
            result[key] = Entry(
                query: now.query, calls: now.calls - before.calls, totalMilliseconds: max(0, now.totalMilliseconds - before.totalMilliseconds),
                rows: max(0, now.rows - before.rows), sharedBlocksHit: max(0, now.sharedBlocksHit - before.sharedBlocksHit),
                sharedBlocksRead: max(0, now.sharedBlocksRead - before.sharedBlocksRead))
        }
        return WorkloadSnapshot(entries: result, hidden: hidden, takenAt: takenAt)
    }

    /// The distinct statements by QueryLens fingerprint (entries of several roles, or texts
    /// pg_stat_statements keeps apart and QueryLens does not, add up), normalized.
    public func statements() -> [WorkloadStatement] {
        var normalizer = Normalizer()
        var merged: [Fingerprint: WorkloadStatement] = [:]
        for key in entries.keys.sorted() {
            guard let entry = entries[key], entry.calls > 0 else { continue }
            let statement = normalizer.normalize(entry.query)
            if var known = merged[statement.fingerprint] {
                known.calls += entry.calls
                known.totalMilliseconds += entry.totalMilliseconds
                known.rows += entry.rows
                known.sharedBlocksHit += entry.sharedBlocksHit
                known.sharedBlocksRead += entry.sharedBlocksRead
                merged[statement.fingerprint] = known
            } else {
                merged[statement.fingerprint] = WorkloadStatement(
                    statement: statement, calls: entry.calls, totalMilliseconds: entry.totalMilliseconds, rows: entry.rows,
                    sharedBlocksHit: entry.sharedBlocksHit, sharedBlocksRead: entry.sharedBlocksRead)
            }
        }
        return merged.values.sorted { ($0.totalMilliseconds, $0.calls, $1.statement.fingerprint) > ($1.totalMilliseconds, $1.calls, $0.statement.fingerprint) }
    }
}

/// One distinct statement of the server's workload, normalized by QueryLens: its fingerprint
/// is the one a log of the same statement gets.
public struct WorkloadStatement: Sendable {
    public var statement: NormalizedStatement
    public var calls: Int
    public var totalMilliseconds: Double
    public var rows: Int
    public var sharedBlocksHit: Int
    public var sharedBlocksRead: Int

    public var rowsPerCall: Double { calls == 0 ? 0 : Double(rows) / Double(calls) }

    /// Shared buffers found in cache, of those the statement touched; nil when it touched none.
    public var hitRatio: Double? {
        let touched = sharedBlocksHit + sharedBlocksRead
        return touched == 0 ? nil : Double(sharedBlocksHit) / Double(touched)
    }

    /// The report's row for it.
    var time: StatementTime {
        var time = StatementTime(
            fingerprint: statement.fingerprint, query: statement.text, calls: calls, totalMs: Analyzer.rounded(totalMilliseconds), maxMs: nil)
        time.rows = rows
        time.hitRatio = hitRatio.map { ($0 * 1000).rounded() / 1000 }
        return time
    }
}
