/// One distinct statement's share of the log's time: pgBadger's "top queries" and
/// pg_stat_statements' columns, from the log.
public struct StatementTime: Sendable, Codable, Equatable {
    /// The report keeps the statements that took the most time, not all of a log's.
    public static let reportedCount = 25

    public var fingerprint: Fingerprint
    /// Normalized text (an HTTP call's URL template).
    public var query: String
    public var calls: Int
    /// 0 when the log has no durations.
    public var totalMs: Double
    public var meanMs: Double
    /// Unknown for statements read from pg_stat_statements (`inspect`).
    public var maxMs: Double?
    /// Rows returned or affected, all calls (`inspect`: pg_stat_statements).
    public var rows: Int?
    /// Shared buffers found in cache, of those the statement touched (`inspect`).
    public var hitRatio: Double?

    public init(fingerprint: Fingerprint, query: String, calls: Int, totalMs: Double, maxMs: Double?) {
        self.fingerprint = fingerprint
        self.query = query
        self.calls = calls
        self.totalMs = totalMs
        self.meanMs = calls == 0 ? 0 : (totalMs / Double(calls) * 1000).rounded() / 1000
        self.maxMs = maxMs
    }

    /// By total time, then calls, then fingerprint: the same order on every machine.
    public static func isListedBefore(_ a: StatementTime, _ b: StatementTime) -> Bool {
        if a.totalMs != b.totalMs { return a.totalMs > b.totalMs }
        if a.calls != b.calls { return a.calls > b.calls }
        return a.fingerprint < b.fingerprint
    }
}
