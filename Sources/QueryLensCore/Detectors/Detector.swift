/// A rule that finds one kind of database mistake in one unit of work.
///
/// Like SwiftLint's rules, each detector carries its id, a description that teaches, and
/// examples: units that must trigger it and units that must not. The examples are run as
/// tests (`DetectorExampleTests`) and printed in docs/detectors.md.
public protocol Detector: Sendable {
    var kind: FindingKind { get }
    /// One paragraph: what the pattern is, why it is slow, what fixes it.
    var description: String { get }
    var triggeringExamples: [DetectorExample] { get }
    var nonTriggeringExamples: [DetectorExample] { get }
    func detect(in unit: UnitStatements, profile: DetectionProfile) -> [UnitFinding]
}

/// A unit of work given as the statements it ran, in order.
public struct DetectorExample: Sendable {
    public var statements: [String]
    public var profile: DetectionProfile.Name

    public init(_ statements: [String], profile: DetectionProfile.Name = .standard) {
        self.statements = statements
        self.profile = profile
    }
}

public enum FindingKind: String, CaseIterable, Sendable, Codable, Comparable {
    case nPlusOne = "n_plus_one"
    case nPlusOneSequence = "n_plus_one_sequence"
    case nPlusOneWrite = "n_plus_one_write"
    /// From traces: the same outgoing HTTP request per row.
    case nPlusOneHTTP = "n_plus_one_http"
    case repeatedQuery = "repeated_query"
    /// From the live database (`--database`), not from a log detector: see `IndexAdvisor`.
    case missingIndex = "missing_index"
    /// The next ones come from the database's catalog and statistics (`querylens inspect`):
    /// see `DatabaseCheck`.
    case unusedIndex = "unused_index"
    case duplicateIndex = "duplicate_index"
    case invalidIndex = "invalid_index"
    case unindexedForeignKey = "unindexed_foreign_key"
    case sequentialScans = "sequential_scans"
    case staleStatistics = "stale_statistics"

    /// Found only with a live database: reports list these kinds only when present.
    public var needsDatabase: Bool { self >= .missingIndex }

    /// The description of a kind, for rules in SARIF and JUnit.
    public var description: String {
        if self == .missingIndex { return IndexAdvisor.description }
        if let check = DatabaseCheck.all.first(where: { $0.kind == self }) { return check.description }
        return Detectors.all.first { $0.kind == self }?.description ?? rawValue
    }

    public static func < (lhs: FindingKind, rhs: FindingKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Every detector, in report order. Adding a detector means adding it here.
public enum Detectors {
    public static let all: [any Detector] = [
        NPlusOneDetector(), SequenceLoopDetector(), NPlusOneWriteDetector(), NPlusOneHTTPDetector(), RepeatedQueryDetector(),
    ]
}

/// What one detector found in one unit; the analyzer merges these across units.
public struct UnitFinding: Sendable {
    public var kind: FindingKind
    /// One statement, or the statements of a repeating sequence in order.
    public var fingerprints: [Fingerprint]
    public var executions: Int
    public var distinctValues: Int
    public var durationMilliseconds: Double
    /// The slowest single execution: an estimate of what one batched query costs.
    public var longestMilliseconds: Double
    /// The statement that ran, with another fingerprint, just before the loop began: the
    /// query that produced the keys.
    public var parent: Fingerprint?
    /// Positions (in the unit) of the first execution and of one with other values.
    public var samples: [Int]
    /// The source location, or controller#action, every execution shares (when one does).
    public var sharedSource: String?
}
