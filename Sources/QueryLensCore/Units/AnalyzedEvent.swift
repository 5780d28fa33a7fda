/// An event with what the SQL core found in it, computed once where the stream is read.
public struct AnalyzedEvent: Equatable, Sendable {
    public var event: QueryEvent
    public var fingerprint: Fingerprint
    public var tags: [CommentTag]

    public init(event: QueryEvent, fingerprint: Fingerprint, tags: [CommentTag]) {
        self.event = event
        self.fingerprint = fingerprint
        self.tags = tags
    }
}
