/// Finds the envelopes around an input's lines from a sample of them, outermost first, and
/// gives the inner lines for the next stage of detection (the log format, the prefix).
///
/// Each layer is recognised only when most sampled lines have its shape, so a plain log is
/// never taken for an envelope. PostgreSQL's own syslog chunks (`[5-1]`) are looked for only
/// inside a syslog or journal layer: outside one, `[12345] ` is more likely a `[%p]` prefix.
enum EnvelopeDetection {
    /// How to make a fresh envelope of a detected kind for the real read (sniffing consumes
    /// the one used on the sample).
    struct Layer {
        let name: String
        let make: () -> any LogEnvelope
    }

    static let maximumDepth = 3

    /// The layers, the inner lines, and whether the envelopes gave every inner line a
    /// timestamp finer than a second.
    static func detect(_ sample: [[UInt8]]) -> (layers: [Layer], inner: [[UInt8]], fineClock: Bool) {
        var layers: [Layer] = []
        var lines = sample
        var fineClock = false
        while layers.count < maximumDepth, let layer = outermost(lines, inside: layers) {
            layers.append(layer)
            let unwrapped = unwrap(lines, with: layer.make())
            lines = unwrapped.lines
            fineClock = fineClock || unwrapped.fineClock
        }
        return (layers, lines, fineClock)
    }

    private static func outermost(_ lines: [[UInt8]], inside layers: [Layer]) -> Layer? {
        if let json = JSONEnvelope.detect(lines) {
            return Layer(name: json.name) { JSONEnvelope(layout: json.layout) }
        }
        if layers.isEmpty, let syslog = SyslogEnvelope.detect(lines) {
            let (layout, program) = (syslog.layout, syslog.program)
            return Layer(name: syslog.name) { SyslogEnvelope(layout: layout, program: program) }
        }
        if layers.isEmpty, TimestampedLineEnvelope.detect(lines) {
            return Layer(name: TimestampedLineEnvelope().name) { TimestampedLineEnvelope() }
        }
        if !layers.isEmpty, !layers.contains(where: { $0.name == PostgresSyslogChunks().name }), mostly(lines, { PostgresSyslogChunks.chunk($0) != nil }) {
            return Layer(name: PostgresSyslogChunks().name) { PostgresSyslogChunks() }
        }
        return nil
    }

    /// Whether more than half of the non-empty lines satisfy `test`.
    static func mostly(_ lines: [[UInt8]], _ test: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        var total = 0
        var passing = 0
        for line in lines where !line.isEmpty {
            total += 1
            if line.withUnsafeBytes(test) { passing += 1 }
        }
        return total > 0 && passing * 2 > total
    }

    private static func unwrap(_ lines: [[UInt8]], with envelope: any LogEnvelope) -> (lines: [[UInt8]], fineClock: Bool) {
        var inner: [[UInt8]] = []
        var fineClock = true
        let collect: InnerLine = { line, fields, _, _ in
            inner.append(Array(line))
            if fields.timestamp == nil || fields.coarseTimestamp { fineClock = false }
        }
        for (index, line) in lines.enumerated() {
            line.withUnsafeBytes { envelope.unwrap($0, number: index + 1, fields: EnvelopeFields(), inner: collect) }
        }
        envelope.finish(inner: collect)
        return (inner, fineClock && !inner.isEmpty)
    }
}
