/// What a finding from the database's catalog and statistics rests on (`querylens inspect`):
/// the object, the numbers read, and the SQL that fixes it.
public struct DatabaseEvidence: Sendable, Codable, Equatable {
    /// `public.books_title_idx`, `public.books`, or `public.books (author_id)` for a foreign key.
    public var object: String
    /// What was measured, in one sentence: `never scanned since the statistics were reset on
    /// 2026-12-01 (3 days)`, `a left prefix of books_author_id_title_idx`.
    public var measured: String
    /// The statement(s) that fix it: `DROP INDEX CONCURRENTLY ...`, `CREATE INDEX CONCURRENTLY
    /// ...`, `REINDEX INDEX CONCURRENTLY ...`, `ANALYZE ...`.
    public var fix: String?
    /// What the object costs in size (`pg_relation_size`), when known.
    public var sizeBytes: Int64?

    public init(object: String, measured: String, fix: String?, sizeBytes: Int64? = nil) {
        self.object = object
        self.measured = measured
        self.fix = fix
        self.sizeBytes = sizeBytes
    }
}
