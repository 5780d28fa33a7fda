/// An outer layer that wraps a log's lines: syslog, the systemd journal, a container runtime's
/// log file, a cloud's JSON export. An envelope unwraps each outer line into the inner lines it
/// carries (none while a split line is being joined, several when one record holds a whole
/// multi-line message) and hands them to whichever reader the inner lines need, with what the
/// envelope itself knows (its timestamp, the process) as fallbacks. So every envelope works
/// with every format, and no reader knows about syslog.
///
/// Envelopes are classes so that the reader wrapping one can feed its inner reader from inside
/// `unwrap` without overlapping accesses to itself. Their stored state is marked
/// `@exclusivity(unchecked)`: an envelope belongs to one reader on one thread and never calls
/// back into itself, and the runtime's access checks cost more per line than the unwrapping.
public protocol LogEnvelope: AnyObject {
    /// What the input summary calls this layer (`syslog-rfc3164`, `docker-json`).
    var name: String { get }
    /// Outer lines that were not this envelope, or belonged to another program.
    var diagnostics: ReadDiagnostics { get }
    /// Unwraps one outer line. `fields` are those of an enclosing envelope; `inner` is called
    /// with each completed inner line, its fields, the number of the outer line it began on, and
    /// the first byte of the next inner line when the envelope already knows it (so a reader can
    /// finish a message in place, as `LineSplitter` lets it). Inner lines are valid only during
    /// the call.
    func unwrap(_ line: UnsafeRawBufferPointer, number: Int, fields: EnvelopeFields, inner: InnerLine)
    /// The input ended: hand over a line still being joined.
    func finish(inner: InnerLine)
}

public typealias InnerLine = (UnsafeRawBufferPointer, EnvelopeFields, Int, UInt8?) -> Void

/// What an envelope knows about the line it carried. Readers use these only where the inner
/// line lacks them (a `log_line_prefix` without `%m` or `%p`).
public struct EnvelopeFields: Equatable, Sendable {
    /// Microseconds since 1970 UTC.
    public var timestamp: Int64?
    /// The timestamp has whole seconds only (RFC 3164 syslog): too coarse to split requests.
    public var coarseTimestamp = false
    public var process: Int?

    public init(timestamp: Int64? = nil, coarseTimestamp: Bool = false, process: Int? = nil) {
        self.timestamp = timestamp
        self.coarseTimestamp = coarseTimestamp
        self.process = process
    }

    /// These fields, with `outer`'s where these have none.
    func over(_ outer: EnvelopeFields) -> EnvelopeFields {
        var merged = self
        if merged.timestamp == nil {
            merged.timestamp = outer.timestamp
            merged.coarseTimestamp = outer.coarseTimestamp
        }
        if merged.process == nil { merged.process = outer.process }
        return merged
    }
}

/// A reader of the lines inside an envelope: unwraps each line and feeds the inner reader.
/// Nests, so a syslog line carrying PostgreSQL's own syslog chunks is two envelopes deep.
struct EnvelopeReader: LogReader {
    let envelope: any LogEnvelope
    var inner: any LogReader
    private var outerFields = EnvelopeFields()

    init(envelope: any LogEnvelope, inner: any LogReader) {
        self.envelope = envelope
        self.inner = inner
    }

    var diagnostics: ReadDiagnostics {
        var merged = envelope.diagnostics
        merged.merge(inner.diagnostics)
        return merged
    }

    mutating func setEnvelopeFields(_ fields: EnvelopeFields) {
        outerFields = fields
    }

    mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        let envelope = self.envelope
        envelope.unwrap(line, number: number, fields: outerFields) { innerLine, fields, innerNumber, next in
            inner.setEnvelopeFields(fields)
            inner.read(line: innerLine, number: innerNumber, nextLineStart: next, emit: emit)
        }
    }

    mutating func finish(emit: (consuming QueryEvent) -> Void) {
        let envelope = self.envelope
        envelope.finish { innerLine, fields, innerNumber, next in
            inner.setEnvelopeFields(fields)
            inner.read(line: innerLine, number: innerNumber, nextLineStart: next, emit: emit)
        }
        inner.finish(emit: emit)
    }
}
