/// An event with what the SQL core found in it, computed once where the stream is read.
public struct AnalyzedEvent: Equatable, Sendable {
    public var event: QueryEvent
    public var fingerprint: Fingerprint
    public var tags: [CommentTag]
    /// A hash of the values the statement ran with: its inline literals and its bound
    /// parameters. Equal hashes: the same query run again; different: a loop over keys.
    public var values: UInt64

    /// The values hash of a statement that binds parameters the log did not record (Prisma's
    /// `log: ['query']`, a trace without captured parameters): neither a repeat nor a loop over
    /// keys can be told, so detectors treat each such execution as possibly distinct.
    public static let unknownValues: UInt64 = 0xFFFF_FFFF_FFFF_FFFF

    public init(event: QueryEvent, fingerprint: Fingerprint, tags: [CommentTag], values: UInt64 = 0) {
        self.event = event
        self.fingerprint = fingerprint
        self.tags = tags
        self.values = values
    }
}
