/// A line behind an RFC 3339 timestamp, as a container runtime or a log export writes it:
///
/// - the Kubernetes CRI log format (containerd, CRI-O; what `kubectl logs` reads):
///   `2026-12-02T01:02:03.123456789Z stderr F <line>`, where `P` marks a partial line that the
///   next record continues (lines over 16 KiB);
/// - `kubectl logs --timestamps` and CloudWatch Logs' export to S3:
///   `2026-12-02T01:02:03.123Z <line>`.
public final class TimestampedLineEnvelope: LogEnvelope {
    public var name: String { "timestamped" }
    @exclusivity(unchecked) public private(set) var diagnostics = ReadDiagnostics()
    @exclusivity(unchecked) private var partial: [UInt8] = []
    @exclusivity(unchecked) private var partialFields = EnvelopeFields()
    @exclusivity(unchecked) private var partialLine = 0
    @exclusivity(unchecked) private var lastFields = EnvelopeFields()

    public init() {}

    /// The timestamp, whether the line is a partial CRI record, and where the inner line starts.
    static func header(_ line: UnsafeRawBufferPointer) -> (timestamp: Int64, partial: Bool, start: Int)? {
        guard line.byte(10) == UInt8(ascii: "T"), let (micros, end) = LogTimestamp.parse(line, at: 0), line.byte(end) == 0x20 else { return nil }
        var start = end + 1
        var partial = false
        let rest = line.slice(from: start)
        if rest.hasPrefix("stdout ") || rest.hasPrefix("stderr ") {
            let tag = line.byte(start + 7)
            if tag == UInt8(ascii: "F") || tag == UInt8(ascii: "P"), line.byte(start + 8) == 0x20 || start + 8 == line.count {
                partial = tag == UInt8(ascii: "P")
                start = min(start + 9, line.count)
            }
        }
        return (micros, partial, start)
    }

    static func detect(_ lines: [[UInt8]]) -> Bool {
        EnvelopeDetection.mostly(lines) { header($0) != nil }
    }

    public func unwrap(_ line: UnsafeRawBufferPointer, number: Int, fields: EnvelopeFields, inner: InnerLine) {
        guard line.count > 0 else { return }
        guard let (timestamp, isPartial, start) = Self.header(line) else {
            // An export that prints a record's continuation lines as they are (CloudWatch's
            // S3 export): a TAB-led line continues the previous one.
            if line.first == 0x09 { inner(line, lastFields, number, nil) } else { diagnostics.skip(line: number) }
            return
        }
        let own = EnvelopeFields(timestamp: timestamp, coarseTimestamp: line.byte(19) != UInt8(ascii: ".")).over(fields)
        lastFields = own
        let text = line.slice(from: start)
        if partial.isEmpty && !isPartial { return inner(text, own, number, nil) }
        if partial.isEmpty {
            partialFields = own
            partialLine = number
        }
        partial.append(contentsOf: text)
        guard !isPartial else { return }
        partial.withUnsafeBytes { inner($0, partialFields, partialLine, nil) }
        partial.removeAll(keepingCapacity: true)
    }

    public func finish(inner: InnerLine) {
        guard !partial.isEmpty else { return }
        partial.withUnsafeBytes { inner($0, partialFields, partialLine, nil) }
        partial.removeAll()
    }
}
