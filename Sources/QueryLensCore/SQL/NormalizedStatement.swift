/// Everything the SQL core knows about one statement text.
public struct NormalizedStatement: Equatable, Sendable {
    /// Readable normalized text: `SELECT * FROM books WHERE author_id = $1`.
    public var text: String
    public var fingerprint: Fingerprint
    /// sqlcommenter / marginalia tags from the statement's comments, in order of appearance.
    public var tags: [CommentTag]
    /// The `$n` of `text`, with the values they replaced.
    public var placeholders: [Placeholder]
    /// How many keys one execution carries: the longest collapsed list or the number of
    /// `VALUES` rows; `nil` when the statement has no list. Batched statements have many.
    public var keysPerExecution: Int?
    public var shape: StatementShape
}
