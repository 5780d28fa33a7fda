/// Lines of one server log destination (stderr, jsonlog) to server messages, without their
/// meaning: the part of a PostgreSQL log reader that needs no memory of earlier messages, so
/// that pieces of one file can be parsed side by side (`ChunkedFileReading`) before one
/// `PostgresEventAssembler` reads the messages in order.
protocol PostgresRecordParser: SendableMetatype {
    var diagnostics: ReadDiagnostics { get set }
    /// Lines with the log's prefix but no severity word the reader knows (another language).
    var headerLinesWithoutSeverity: Int { get }
    /// Whether the file can be cut just before `line`: the line starts a message, so nothing
    /// before it changes the messages read from it on.
    mutating func startsRecord(_ line: UnsafeRawBufferPointer) -> Bool
    /// `handle` gets each message read; the record's bytes are valid only during the call.
    mutating func read(line: UnsafeRawBufferPointer, number: Int, nextLineStart: UInt8?, handle: (PostgresRecord) -> Void)
    /// The input (or the piece) ended: hand over the message still open.
    mutating func finish(handle: (PostgresRecord) -> Void)
}

extension PostgresEventAssembler {
    /// Reads one line with `parser` and assembles the messages it completes. A method of the
    /// assembler taking the parser `inout`, so that a reader can lend both of its properties
    /// at once (a closure over the reader's `self` could not).
    mutating func read<Parser: PostgresRecordParser>(
        line: UnsafeRawBufferPointer, number: Int, nextLineStart: UInt8?, with parser: inout Parser, emit: (consuming QueryEvent) -> Void
    ) {
        parser.read(line: line, number: number, nextLineStart: nextLineStart) { handle($0, emit: emit) }
    }

    /// The input ended: the parser's open message, then every execution still pending.
    mutating func finish<Parser: PostgresRecordParser>(with parser: inout Parser, emit: (consuming QueryEvent) -> Void) {
        parser.finish { handle($0, emit: emit) }
        finish(emit: emit, diagnostics: &parser.diagnostics, linesWithoutSeverity: parser.headerLinesWithoutSeverity)
    }
}
