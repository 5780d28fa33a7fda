/// A check `querylens inspect` runs on a live database's catalog and statistics, with the
/// finding kind it reports and a description that teaches (printed in SARIF rules, JUnit and
/// docs/inspect.md). The checks themselves are in `PostgreSQLInspector` and `SQLiteInspector`.
public struct DatabaseCheck: Sendable {
    public var kind: FindingKind
    public var description: String

    /// Whether a check ran, and what it looked at or why it could not.
    public struct Result: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable { case ran, skipped }

        /// `workload`, `n_plus_one_suspects`, `missing_index`, `unused_index`, ...
        public var check: String
        public var status: Status
        public var detail: String

        public init(_ check: String, _ status: Status, _ detail: String) {
            self.check = check
            self.status = status
            self.detail = detail
        }
    }

    public static let all: [DatabaseCheck] = [
        DatabaseCheck(kind: .unusedIndex, description: """
            An index no query has used since the statistics were reset (`idx_scan = 0`): every \
            insert and update still maintains it, it takes disk and cache, and it slows vacuum. \
            Indexes behind a primary key, a unique or an exclusion constraint are never \
            reported (they enforce something), nor the only index leading with a foreign key's \
            columns (deleting a referenced row scans the table without it). The age of the \
            statistics is shown, since a monthly report may need an index a week of statistics \
            has not seen; younger than a week, the finding is only a note. Fix: `DROP INDEX \
            CONCURRENTLY`, after checking replicas, which keep statistics of their own.
            """),
        DatabaseCheck(kind: .duplicateIndex, description: """
            An index with the same columns as another (same method, expressions and predicate), \
            or whose columns are a left prefix of another's: the longer index serves every \
            query the shorter one does. A unique index is not redundant with a longer one (it \
            enforces uniqueness on fewer columns). Fix: `DROP INDEX CONCURRENTLY` the redundant one.
            """),
        DatabaseCheck(kind: .invalidIndex, description: """
            An index marked invalid (`indisvalid = false`): a `CREATE INDEX CONCURRENTLY` or \
            `REINDEX CONCURRENTLY` that failed (a duplicate value for a unique index, a \
            cancelled build). The planner never uses it, yet every write maintains it, and a \
            failed unique index enforces nothing. Fix: `DROP INDEX CONCURRENTLY` and build it \
            again, or `REINDEX INDEX CONCURRENTLY`.
            """),
        DatabaseCheck(kind: .unindexedForeignKey, description: """
            A foreign key whose referencing columns lead no index: each delete or key update of \
            the referenced row scans the referencing table, and the joins and loops that load \
            children by their parent (`WHERE author_id = $1`: the inner query of many N+1s) read \
            it in full. Fix: `CREATE INDEX CONCURRENTLY` on the referencing columns.
            """),
        DatabaseCheck(kind: .sequentialScans, description: """
            A table of a thousand rows or more that is read mostly by sequential scans (rows \
            read by them against rows fetched through indexes): a missing index, or queries \
            that cannot use the ones there are. The workload's statements on it (missing_index \
            findings, or `querylens indexes --from pg_stat_statements`) say which.
            """),
        DatabaseCheck(kind: .staleStatistics, description: """
            A table never analyzed (PostgreSQL: no `ANALYZE` or autoanalyze while it holds \
            rows; SQLite: no `sqlite_stat1` rows), or changed much since (more than 20% of its \
            rows, and at least 1,000): the planner guesses its sizes and selectivities, and \
            its plans (and QueryLens's index advice, which asks the planner) are wrong. Fix: \
            `ANALYZE`.
            """),
    ]
}
