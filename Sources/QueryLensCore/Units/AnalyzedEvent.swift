/// An event with what the SQL core found in it, computed once where the stream is read.
public struct AnalyzedEvent: Equatable, Sendable {
    public var event: QueryEvent
    public var fingerprint: Fingerprint
    public var tags: [CommentTag]
    /// A hash of the values the statement ran with: its inline literals and its bound
    /// parameters. Equal hashes: the same query run again; different: a loop over keys.
    public var values: UInt64

    public init(event: QueryEvent, fingerprint: Fingerprint, tags: [CommentTag], values: UInt64 = 0) {
        self.event = event
        self.fingerprint = fingerprint
        self.tags = tags
        self.values = values
    }
}
