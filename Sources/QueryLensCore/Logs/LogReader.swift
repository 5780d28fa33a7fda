/// A reader of one log format: fed one line at a time, it calls `emit` for each statement
/// execution it completes. It keeps state only while a statement spans lines (continuation
/// lines, a DETAIL that follows, a duration logged later), so memory stays bounded.
public protocol LogReader {
    /// `line` is valid only during the call; copy what must outlive it.
    mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (QueryEvent) -> Void)
    /// The input ended: emit what is still pending.
    mutating func finish(emit: (QueryEvent) -> Void)
    var diagnostics: ReadDiagnostics { get }
}
