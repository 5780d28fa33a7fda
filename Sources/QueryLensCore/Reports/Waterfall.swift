/// The statements of one unit of work on a time axis: the picture of an N+1 (one parent query,
/// then a comb of identical short bars). Kept for each finding's worst unit, the one where it
/// repeated most.
public struct Waterfall: Sendable, Codable, Equatable {
    public enum Role: String, Sendable, Codable {
        /// An execution of the finding's statement(s).
        case loop
        /// The query that produced the loop's keys.
        case parent
        case other
    }

    /// One execution. Offsets are from the unit's first statement.
    public struct Bar: Sendable, Codable, Equatable {
        public var offsetMs: Double
        public var durationMs: Double
        /// Index into `statements`.
        public var statement: Int
        public var role: Role
        /// The input line it was read from (0 for events received over the network).
        public var line: Int
    }

    /// At most this many bars: enough to see the pattern, bounded for a unit of 100,000
    /// statements.
    public static let maximumBars = 400

    public var unit: String
    /// Whether offsets come from the log's timestamps; without them the bars are laid end to
    /// end by their durations (or one unit each without durations either).
    public var timed: Bool
    /// From the start of the first bar to the end of the last.
    public var spanMs: Double
    /// The distinct statements the bars refer to, by fingerprint.
    public var statements: [Finding.SequenceStatement]
    public var bars: [Bar]
    /// Statements of the unit before the first and after the last bar shown.
    public var omittedBefore: Int
    public var omittedAfter: Int
}
