/// PostgreSQL's own layout for syslog (`log_destination = 'syslog'`): each message is prefixed
/// with its sequence number (`[5] LOG:  ...`, with `syslog_sequence_numbers`), and a message
/// that holds newlines or is longer than 900 bytes is split (`syslog_split_messages`) into
/// numbered chunks, one per line of the message: `[5-1] LOG:  statement: SELECT a,`,
/// `[5-2] \tb FROM t` (a statement's next line keeps its TAB), `[5-3] DETAIL:  ...` (the next
/// line of the record, behind the prefix again); a line longer than 900 bytes is cut at a
/// space (or anywhere, for a longer word) and continues in the next chunk.
/// Without sequence numbers the chunks are `[1]`, `[2]`. Heroku adds the attachment name in
/// front: `[DATABASE] [9-1] ...`.
///
/// Unwrapped, a message becomes the lines the server would have written to stderr: its first
/// line, then TAB-led continuation lines; pieces of one long line are joined again.
public final class PostgresSyslogChunks: LogEnvelope {
    public var name: String { "postgres-syslog" }
    @exclusivity(unchecked) public private(set) var diagnostics = ReadDiagnostics()

    /// The line being joined from chunks, with its fields and first line number.
    @exclusivity(unchecked) private var pending: [UInt8] = []
    @exclusivity(unchecked) private var pendingFields = EnvelopeFields()
    @exclusivity(unchecked) private var pendingLine = 0
    @exclusivity(unchecked) private var hasPending = false
    /// The message's sequence number (`nil` without sequence numbers) and its last chunk.
    @exclusivity(unchecked) private var pendingSequence: Int?
    @exclusivity(unchecked) private var lastChunk = 0
    /// The first bytes of the message's first line: a later line of the record starts with
    /// the same prefix.
    @exclusivity(unchecked) private var messageHead: [UInt8] = []
    private static let headLength = 12

    public init() {
        pending.reserveCapacity(4096)
    }

    /// `[seq]`, `[seq-chunk]` or `[chunk]` at the start of a message (after an optional
    /// `[NAME] `): the sequence, the chunk number (`nil` for a whole message), and where the
    /// text starts.
    static func chunk(_ message: UnsafeRawBufferPointer) -> (sequence: Int, chunk: Int?, textStart: Int)? {
        // rsyslog keeps the space that followed the syslog tag in an RFC 5424 message.
        var start = message.byte(0) == 0x20 ? 1 : 0
        if message.byte(start) == UInt8(ascii: "["), message.byte(start + 1) &- UInt8(ascii: "A") < 26 {
            var cursor = start + 1
            while cursor < message.count, message[cursor] &- UInt8(ascii: "A") < 26 || message[cursor] == UInt8(ascii: "_") || message[cursor] &- 0x30 < 10 {
                cursor += 1
            }
            guard message.byte(cursor) == UInt8(ascii: "]"), message.byte(cursor + 1) == 0x20 else { return nil }
            start = cursor + 2
        }
        guard message.byte(start) == UInt8(ascii: "["), let (first, afterFirst) = message.integer(at: start + 1) else { return nil }
        var chunk: Int?
        var close = afterFirst
        if message.byte(afterFirst) == UInt8(ascii: "-") {
            guard let (second, afterSecond) = message.integer(at: afterFirst + 1) else { return nil }
            chunk = second
            close = afterSecond
        }
        guard message.byte(close) == UInt8(ascii: "]") else { return nil }
        // PostgreSQL writes one space after the bracket; a chunk that starts a new line of the
        // message keeps its TAB after that space.
        let text = message.byte(close + 1) == 0x20 ? close + 2 : close + 1
        return (first, chunk, min(text, message.count))
    }

    public func unwrap(_ line: UnsafeRawBufferPointer, number: Int, fields: EnvelopeFields, inner: InnerLine) {
        guard let (sequence, chunk, textStart) = Self.chunk(line) else {
            // A message without sequence numbers and short enough not to be split.
            flush(inner, next: line.first)
            inner(line, fields, number, nil)
            return
        }
        let text = line.slice(from: textStart)
        // Without sequence numbers only split messages have brackets, holding the chunk number;
        // a later chunk starts with the space the line was cut at, or a new line's TAB.
        let chunkNumber = chunk ?? sequence
        let continues =
            hasPending && chunkNumber == lastChunk + 1
            && (chunk != nil ? pendingSequence == sequence : pendingSequence == nil && (text.byte(0) == 0x20 || text.byte(0) == 0x09))
        if continues {
            lastChunk = chunkNumber
            if startsLine(text) {
                flush(inner, next: text.first)
                begin(text, fields, number)
            } else {
                pending.append(contentsOf: text)
            }
            return
        }
        flush(inner, next: text.first ?? 0x0A)
        begin(text, fields, number)
        pendingSequence = chunk != nil ? sequence : nil
        lastChunk = chunkNumber
        messageHead.removeAll(keepingCapacity: true)
        messageHead.append(contentsOf: text.prefix(Self.headLength))
    }

    /// Whether a later chunk starts a new line of the message rather than continuing a line
    /// cut at 900 bytes: a statement's continuation line (TAB), the prefix again, or a
    /// severity word (an empty prefix).
    private func startsLine(_ text: UnsafeRawBufferPointer) -> Bool {
        if text.byte(0) == 0x09 { return true }
        if messageHead.count == Self.headLength, text.count >= Self.headLength, text.prefix(Self.headLength).elementsEqual(messageHead) { return true }
        return LinePrefix.severityEnd(text, at: 0) != nil
    }

    private func begin(_ text: UnsafeRawBufferPointer, _ fields: EnvelopeFields, _ number: Int) {
        pending.append(contentsOf: text)
        pendingFields = fields
        pendingLine = number
        hasPending = true
    }

    public func finish(inner: InnerLine) {
        flush(inner, next: 0x0A)
    }

    /// Hands over the joined line; `next` is the first byte of the line that follows it.
    private func flush(_ inner: InnerLine, next: UInt8?) {
        guard hasPending else { return }
        hasPending = false
        pending.withUnsafeBytes { inner($0, pendingFields, pendingLine, next) }
        pending.removeAll(keepingCapacity: true)
    }
}
