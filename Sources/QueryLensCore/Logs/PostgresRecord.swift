/// One server log message, whatever the destination wrote it as (a stderr line group, a
/// csvlog row, a jsonlog object). `PostgresEventAssembler` turns these into query events, so
/// the meaning of PostgreSQL's messages is implemented once for all three formats.
struct PostgresRecord {
    enum Severity {
        case log, error, fatal, panic, detail, statement, other
    }

    var process: Int
    var timestamp: Int64?
    /// Who ran it, already resolved (jsonlog) ...
    var origin: QueryEvent.Origin?
    /// ... or as the bytes of user, database and application, resolved only for the records
    /// that become events (most lines are parse, bind, DETAIL or duration lines).
    var originBytes: (user: UnsafeRawBufferPointer?, database: UnsafeRawBufferPointer?, application: UnsafeRawBufferPointer?)?
    var severity: Severity
    /// Valid only while the record is handled.
    var message: UnsafeRawBufferPointer
    /// csvlog/jsonlog carry the DETAIL in the same record; stderr sends it as its own record.
    var detail: UnsafeRawBufferPointer?
    /// The statement of an ERROR (csvlog `query`, jsonlog `statement`); stderr sends a
    /// STATEMENT record instead.
    var query: UnsafeRawBufferPointer?
    var sqlState: String?
    var queryID: Int64?
    var transactionID: String?
    var line: Int
    /// Made ahead by a piece worker (`PostgresRecordBatch`), so that the one thread that
    /// assembles events does less: `nil` when the assembler makes them itself.
    var prepared: Prepared?

    struct Prepared: Sendable {
        /// The text of the statement the record carries (a LOG's statement, a STATEMENT, an
        /// error's query), as `PostgresEventAssembler` would cut it.
        var statement: String?
        /// The bound values of its DETAIL (`PostgresEventAssembler.parameters(in:)`).
        var parameters: [String?]?
    }

    /// The severity of a whole word (csvlog and jsonlog give it as a field).
    static func severity(_ word: UnsafeRawBufferPointer) -> Severity {
        known(word)?.severity ?? .other
    }

    /// The severity of a word of an English server log (`lc_messages = 'C'`); `nil` for any
    /// other word.
    static func severity(ifKnown word: UnsafeRawBufferPointer) -> Severity? {
        known(word)?.severity
    }

    /// Words are compared as (length, first 8 bytes packed) pairs: one integer comparison
    /// per candidate instead of a string comparison. `STATEMENT` is the only 9-letter word.
    private static let words: [(length: Int, packed: UInt64, severity: Severity)] = [
        ("LOG", Severity.log), ("ERROR", .error), ("FATAL", .fatal), ("PANIC", .panic), ("DETAIL", .detail),
        ("STATEMENT", .statement), ("HINT", .other), ("INFO", .other), ("QUERY", .other), ("NOTICE", .other),
        ("WARNING", .other), ("CONTEXT", .other), ("LOCATION", .other), ("DEBUG", .other), ("DEBUG1", .other),
        ("DEBUG2", .other), ("DEBUG3", .other), ("DEBUG4", .other), ("DEBUG5", .other),
    ].map { word, severity in
        var packed: UInt64 = 0
        for byte in word.utf8.prefix(8) { packed = packed << 8 | UInt64(byte) }
        return (word.utf8.count, packed, severity)
    }

    @inline(__always)
    private static func known(_ word: UnsafeRawBufferPointer) -> (severity: Severity, length: Int)? {
        guard word.count >= 3, word.count <= 9 else { return nil }
        var packed: UInt64 = 0
        for index in 0..<min(8, word.count) { packed = packed << 8 | UInt64(word[index]) }
        for entry in words where entry.length == word.count && entry.packed == packed {
            if word.count == 9 && word[8] != UInt8(ascii: "T") { return nil }
            return (entry.severity, entry.length)
        }
        return nil
    }
}
