/// A reader of one log format: fed one line at a time, it calls `emit` for each statement
/// execution it completes. It keeps state only while a statement spans lines (continuation
/// lines, a DETAIL that follows, a duration logged later), so memory stays bounded.
public protocol LogReader {
    /// `line` is valid only during the call; copy what must outlive it.
    mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void)
    /// The same, told the first byte of the next line when it is already in memory (`nil` when
    /// unknown): a reader whose messages continue on following lines can then finish a message
    /// without copying it. The default ignores the hint.
    mutating func read(line: UnsafeRawBufferPointer, number: Int, nextLineStart: UInt8?, emit: (consuming QueryEvent) -> Void)
    /// The input ended: emit what is still pending.
    mutating func finish(emit: (consuming QueryEvent) -> Void)
    var diagnostics: ReadDiagnostics { get }
    /// What an envelope around the next line knows (its timestamp, the process), for a reader
    /// whose lines may lack them. The default ignores them.
    mutating func setEnvelopeFields(_ fields: EnvelopeFields)
}

extension LogReader {
    public mutating func read(line: UnsafeRawBufferPointer, number: Int, nextLineStart: UInt8?, emit: (consuming QueryEvent) -> Void) {
        read(line: line, number: number, emit: emit)
    }

    public mutating func setEnvelopeFields(_ fields: EnvelopeFields) {}
}
