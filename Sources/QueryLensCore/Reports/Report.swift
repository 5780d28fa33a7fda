import QueryLensBuildInfo

/// Everything `analyze` found, in one value every report writer renders
/// (JSON schema: docs/report-schema.json, version `Report.schemaVersion`).
public struct Report: Sendable, Codable {
    public static let schemaVersion = 1

    public struct Tool: Sendable, Codable {
        public var name = "querylens"
        public var version = QueryLensVersion.current
        public var fingerprintVersion = Fingerprint.version
    }

    public struct Input: Sendable, Codable {
        public var path: String
        /// The layers unwrapped around the log's lines, outermost first (docs/logs.md).
        public var envelopes: [String] = []
        public var format: String?
        /// The `log_line_prefix` a PostgreSQL stderr log was read with, and whether QueryLens
        /// inferred it.
        public var logLinePrefix: String?
        public var logLinePrefixInferred: Bool?
        public var lines: Int
        public var events: Int
        public var skippedLines: Int
        public var firstSkippedLines: [Int]
        public var warnings: [String]
    }

    public struct Summary: Sendable, Codable {
        public var inputs: Int
        public var events: Int
        public var units: Int
        public var inferredUnits: Int
        public var skippedLines: Int
        public var findings: Int
        /// Findings per kind, every kind present (0 when none).
        public var byKind: [String: Int]
        public var profile: String
        /// Time all statements took, when the log gives durations.
        public var durationMs: Double?
    }

    public var schemaVersion = Report.schemaVersion
    public var tool = Tool()
    public var summary: Summary
    public var inputs: [Input]
    /// Worst first: by severity, then time spent, then executions.
    public var findings: [Finding]
    /// Where the time goes: the statements by total time (by executions without durations),
    /// the first `StatementTime.reportedCount`.
    public var statements: [StatementTime]?
    /// `inspect`: each check, whether it ran, and what it looked at or why it was skipped.
    public var checks: [DatabaseCheck.Result]?
}

/// One problem: a pattern seen in one or more units of work, with its fix.
public struct Finding: Sendable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning, note

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            let order: [Severity] = [.error, .warning, .note]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    public enum Confidence: String, Sendable, Codable {
        /// A distinct parent query preceded the loop, or every execution shares one source.
        case high
        /// The pattern fits but its cause is not certain (units inferred from pauses, no parent).
        case candidate
    }

    /// Stable across runs and machines: the kind and the fingerprint(s).
    public var id: String
    public var kind: FindingKind
    public var severity: Severity
    public var confidence: Confidence
    public var table: String?
    /// The column(s) whose values vary from execution to execution (or that it filters on).
    public var columns: [String]
    public var fingerprint: Fingerprint
    /// For a repeating sequence: its statements in order.
    public var sequence: [SequenceStatement]?
    /// Normalized text.
    public var query: String
    /// Executions in all units (repetitions of the block for a sequence).
    public var count: Int
    /// Units of work it appeared in.
    public var units: Int
    public var maxPerUnit: Int
    public var medianPerUnit: Int
    /// The most distinct value sets seen in one unit.
    public var distinctValues: Int
    /// Time the executions took, all units.
    public var durationMs: Double
    /// Time one batched query would take instead, per unit, estimated by the slowest execution.
    public var estimatedBatchedMs: Double
    public var parent: ParentQuery?
    /// Where in the application: a source location, or controller#action.
    public var source: String?
    public var suggestion: Suggestion
    /// One execution as it ran; parameter values redacted unless asked.
    public var example: Example
    /// For `missing_index`: the index, the statements it serves, costs before and after.
    public var index: IndexAdvisor.Suggestion?
    /// Every statement of the unit where it repeated most, on a time axis.
    public var waterfall: Waterfall?
    /// For findings from the database's catalog and statistics (`inspect`): what was
    /// measured, the object, and the SQL that fixes it.
    public var evidence: DatabaseEvidence?

    /// An N+1 (query, sequence, write, HTTP) with high confidence and 10 or more executions in
    /// a unit is an error, otherwise a warning; a repeated query is a note, a warning from 5.
    public static func severity(_ kind: FindingKind, confidence: Confidence, maxPerUnit: Int) -> Severity {
        switch kind {
        case .nPlusOne, .nPlusOneSequence, .nPlusOneWrite, .nPlusOneHTTP:
            return confidence == .high && maxPerUnit >= 10 ? .error : .warning
        case .repeatedQuery, .missingIndex:
            return maxPerUnit >= 5 ? .warning : .note
        case .unusedIndex, .duplicateIndex, .invalidIndex, .unindexedForeignKey, .sequentialScans:
            return .warning
        case .staleStatistics:
            return .note
        }
    }

    /// Report order: worst first, by severity, kind, time, executions, then id (stable).
    public static func isReportedBefore(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity < b.severity }
        if a.kind != b.kind { return a.kind < b.kind }
        if a.durationMs != b.durationMs { return a.durationMs > b.durationMs }
        if a.count != b.count { return a.count > b.count }
        return a.id < b.id
    }

    public struct SequenceStatement: Sendable, Codable, Equatable {
        public var fingerprint: Fingerprint
        public var query: String
    }

    public struct ParentQuery: Sendable, Codable {
        public var fingerprint: Fingerprint
        public var query: String
    }

    public struct Example: Sendable, Codable {
        public var sql: String
        public var params: [String?]
        /// The line of the log where it was read (0 when it came over the network).
        public var line: Int
        public var unit: String
        /// The input it was read from, as given: with several inputs, a line number and a unit
        /// id (`4242#1`) can be found in more than one. `nil` for findings of a live database.
        public var file: String?

        public init(sql: String, params: [String?], line: Int, unit: String, file: String? = nil) {
            self.sql = sql
            self.params = params
            self.line = line
            self.unit = unit
            self.file = file
        }
    }
}

/// The fix: what to write instead.
public struct Suggestion: Sendable, Codable {
    /// One sentence.
    public var summary: String
    /// The batched statement for the log's dialect(s).
    public var batchedQuery: String?
    /// The SQLite variant when the dialect is SQLite or unknown.
    public var batchedQuerySQLite: String?
    /// A DataLoader-style sketch: collect keys, one query, map rows back.
    public var loader: String?
    /// The ORM's own fix, when the ORM is known.
    public var orm: String?
    /// With `--database`: the plan of the batched query on the live database.
    public var batchedPlan: String?

    enum CodingKeys: String, CodingKey {
        case summary, batchedQuery, loader, orm, batchedPlan
        // Spelled so that snake_case gives `batched_query_sqlite`, not `batched_query_sq_lite`.
        case batchedQuerySQLite = "batchedQuerySqlite"
    }
}

/// The version, in one place: reports, `querylens version`, `--version` and the release
/// tarball's name (Scripts/build-release reads it from `querylens version`).
public enum QueryLensVersion {
    public static let current = "0.1.0"

    /// The git commit of a release build, nil for a plain `swift build`.
    public static var commit: String? {
        let commit = String(cString: querylens_build_commit())
        return commit.isEmpty ? nil : commit
    }
}
