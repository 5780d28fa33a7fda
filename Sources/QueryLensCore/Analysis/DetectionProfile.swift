/// The thresholds of the detectors. Three profiles, every number overridable on the command
/// line (docs/detectors.md).
public struct DetectionProfile: Sendable, Equatable {
    public enum Name: String, CaseIterable, Sendable {
        /// 3 executions in one unit.
        case standard = "default"
        /// Test-suite logs: 2 executions with distinct values are enough (like Prosopite).
        case test
        /// Production traffic: 5 executions and 50 ms in one unit, seen in 3 units (like Sentry).
        case production
    }

    public var name: Name
    /// Executions of one fingerprint in one unit before it counts.
    public var minimumRepeats: Int
    /// Distinct value sets among them for an N+1 (fewer is a repeated query).
    public var minimumDistinctValues: Int
    /// Time the loop must cost in one unit, in milliseconds (0: any).
    public var minimumDurationMilliseconds: Double
    /// Units a pattern must appear in before it is reported.
    public var minimumUnits: Int
    /// Repetitions of a multi-statement sequence (`A B C A B C A B C`) before it counts.
    public var minimumSequenceRepeats: Int

    public init(_ name: Name) {
        self.name = name
        switch name {
        case .standard:
            minimumRepeats = 3
            minimumDistinctValues = 2
            minimumDurationMilliseconds = 0
            minimumUnits = 1
            minimumSequenceRepeats = 3
        case .test:
            minimumRepeats = 2
            minimumDistinctValues = 2
            minimumDurationMilliseconds = 0
            minimumUnits = 1
            minimumSequenceRepeats = 2
        case .production:
            minimumRepeats = 5
            minimumDistinctValues = 2
            minimumDurationMilliseconds = 50
            minimumUnits = 3
            minimumSequenceRepeats = 3
        }
    }
}
