#if canImport(Glibc)
import Glibc
#endif

/// One JSON object per line, carrying a server's log line in one of its members: how container
/// runtimes, the journal and the clouds export logs.
///
/// | layout | message | timestamp | example |
/// |---|---|---|---|
/// | `docker-json` | `log` (ends with `\n`; a line over 16 KiB comes in partial objects without it) | `time` | Docker's json-file driver |
/// | `journal-json` | `MESSAGE` (a string, or an array of bytes when not printable) | `__REALTIME_TIMESTAMP` (µs), `_PID` | `journalctl -o json` |
/// | `cloud-logging` | `textPayload` | `timestamp` | Google Cloud SQL through Cloud Logging |
/// | `cloudwatch-json` | `message` | `timestamp` (ms) | AWS RDS / Aurora log events from CloudWatch Logs |
/// | `azure-diagnostics` | `properties`: `prefix`, `errorLevel`, `message`, `detail`, rebuilt into the server's lines | `time` | Azure Database for PostgreSQL through diagnostic settings |
/// | `cloudnativepg` | `record` (csvlog's fields as an object, read by the jsonlog reader) | in the record | CloudNativePG and operators like it |
///
/// A message that holds newlines becomes several inner lines (a multi-line statement's TAB-led
/// continuation lines). Objects of other programs (the journal's other units, an operator's own
/// loggers) are counted as ignored.
public final class JSONEnvelope: LogEnvelope {
    public enum Layout: String, Sendable {
        case docker = "docker-json"
        case journal = "journal-json"
        case cloudLogging = "cloud-logging"
        case cloudWatch = "cloudwatch-json"
        case cloudNativePG = "cloudnativepg"
        case azure = "azure-diagnostics"
    }

    public let layout: Layout
    public var name: String { layout.rawValue }
    @exclusivity(unchecked) public private(set) var diagnostics = ReadDiagnostics()
    @exclusivity(unchecked) private var decoded: [UInt8] = []
    /// A Docker line split into partial objects, joined until its `\n` arrives.
    @exclusivity(unchecked) private var partial: [UInt8] = []
    @exclusivity(unchecked) private var partialLine = 0
    @exclusivity(unchecked) private var timestamps = LogTimestamp.Cache()

    public init(layout: Layout) {
        self.layout = layout
    }

    /// The layout most sampled lines have, if most are JSON objects of one.
    static func detect(_ lines: [[UInt8]]) -> JSONEnvelope? {
        var votes: [Layout: Int] = [:]
        var total = 0
        for line in lines where !line.isEmpty {
            total += 1
            if let layout = line.withUnsafeBytes(layout(of:)) { votes[layout, default: 0] += 1 }
        }
        guard let (layout, count) = votes.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }),
            count * 2 > total
        else { return nil }
        return JSONEnvelope(layout: layout)
    }

    /// Which layout an object has, by its keys; `nil` for PostgreSQL's own jsonlog, QueryLens
    /// JSONL and anything else.
    static func layout(of line: UnsafeRawBufferPointer) -> Layout? {
        let text = line.trimmed
        guard text.byte(0) == UInt8(ascii: "{") else { return nil }
        var keys: Set<String> = []
        guard JSONLine.forEachMember(text, { key, _ in if key.count <= 24 { keys.insert(key.string) } }) else { return nil }
        if keys.contains("error_severity") || keys.contains("sql") || keys.contains("resourceSpans") { return nil }
        if keys.contains("record") && (keys.contains("logger") || keys.contains("logging_pod")) { return .cloudNativePG }
        if keys.contains("logger") && keys.contains("msg") && keys.contains("ts") { return .cloudNativePG }
        if keys.contains("log") && (keys.contains("stream") || keys.contains("time")) { return .docker }
        if keys.contains("MESSAGE") && keys.contains("__REALTIME_TIMESTAMP") { return .journal }
        if keys.contains("textPayload") { return .cloudLogging }
        if keys.contains("properties") && keys.contains("category") { return .azure }
        if keys.contains("message") && keys.contains("timestamp") { return .cloudWatch }
        return nil
    }

    public func unwrap(_ line: UnsafeRawBufferPointer, number: Int, fields: EnvelopeFields, inner: InnerLine) {
        let text = line.trimmed
        guard text.count > 0 else { return }
        var message: JSONLine.Value?
        var own = EnvelopeFields()
        var other = false
        let valid = JSONLine.forEachMember(text) { key, value in
            switch layout {
            case .docker:
                if key.hasPrefix("log"), key.count == 3 { message = value }
                if key.hasPrefix("time"), key.count == 4 { own.timestamp = timestamp(value) }
            case .journal:
                if key.hasPrefix("MESSAGE"), key.count == 7 { message = value }
                if key.hasPrefix("__REALTIME_TIMESTAMP") { own.timestamp = value.integer }
                if key.hasPrefix("_PID"), key.count == 4 { own.process = value.integer.map(Int.init) }
            case .cloudLogging:
                if key.hasPrefix("textPayload") { message = value }
                if key.hasPrefix("timestamp"), key.count == 9 { own.timestamp = timestamp(value) }
            case .cloudWatch:
                if key.hasPrefix("message"), key.count == 7 { message = value }
                if key.hasPrefix("timestamp"), key.count == 9 { own.timestamp = value.integer.map { $0 * 1000 } }
            case .azure:
                if key.hasPrefix("properties") { message = value }
                if key.hasPrefix("time"), key.count == 4 { own.timestamp = timestamp(value) }
            case .cloudNativePG:
                if key.hasPrefix("record"), key.count == 6 { message = value }
                if key.hasPrefix("logger"), key.count == 6, case .string(let name, _) = value, !name.hasPrefix("postgres") { other = true }
            }
        }
        guard valid else {
            diagnostics.skip(line: number)
            return
        }
        guard !other, let message else {
            diagnostics.ignoredLines += 1
            return
        }
        let merged = own.over(fields)
        switch message {
        case .object(let bytes) where layout == .azure:
            rebuildAzureLines(bytes, merged, number, inner)
        case .object(let bytes):
            inner(bytes, merged, number, nil)
        case .string(let bytes, let escaped):
            if escaped {
                JSONLine.unescape(bytes, into: &decoded)
                decoded.withUnsafeBytes { deliver($0, merged, number, inner) }
            } else {
                deliver(bytes, merged, number, inner)
            }
        case .array:
            // The journal's form of a message with bytes that are not printable UTF-8.
            decoded.removeAll(keepingCapacity: true)
            for element in message.elements ?? [] {
                if let byte = element.integer, (0...255).contains(byte) { decoded.append(UInt8(byte)) }
            }
            decoded.withUnsafeBytes { deliver($0, merged, number, inner) }
        default:
            diagnostics.skip(line: number)
        }
    }

    public func finish(inner: InnerLine) {
        guard !partial.isEmpty else { return }
        partial.withUnsafeBytes { split($0, EnvelopeFields(), partialLine, inner) }
        partial.removeAll()
    }

    /// Docker's partial lines are joined; then the text is cut at its newlines.
    private func deliver(_ text: UnsafeRawBufferPointer, _ fields: EnvelopeFields, _ number: Int, _ inner: InnerLine) {
        guard layout == .docker else { return split(text, fields, number, inner) }
        let complete = text.count > 0 && text[text.count - 1] == 0x0A
        if partial.isEmpty && complete { return split(text, fields, number, inner) }
        if partial.isEmpty { partialLine = number }
        partial.append(contentsOf: text)
        guard complete else { return }
        partial.withUnsafeBytes { split($0, fields, partialLine, inner) }
        partial.removeAll(keepingCapacity: true)
    }

    private func split(_ text: UnsafeRawBufferPointer, _ fields: EnvelopeFields, _ number: Int, _ inner: InnerLine) {
        guard let base = text.baseAddress else { return }
        var start = 0
        while start < text.count {
            let end = memchr(base + start, 0x0A, text.count - start).map { base.distance(to: $0) } ?? text.count
            var stop = end
            if stop > start, text[stop - 1] == 0x0D { stop -= 1 }
            // Within one message the next line's first byte is known (a TAB continues it).
            inner(text.slice(start..<stop), fields, number, end + 1 < text.count ? text[end + 1] : nil)
            start = end + 1
        }
    }

    /// Azure's record splits the server's line into `prefix`, `errorLevel` and `message`
    /// (`detail` apart): put them back as the lines the server wrote, `prefix LOG:  message`
    /// then `prefix DETAIL:  detail`.
    private func rebuildAzureLines(_ object: UnsafeRawBufferPointer, _ fields: EnvelopeFields, _ number: Int, _ inner: InnerLine) {
        var prefix: String?
        var level: String?
        var text: String?
        var detail: String?
        var fields = fields
        _ = JSONLine.forEachMember(object) { key, value in
            switch key.string {
            case "prefix": prefix = value.string
            case "errorLevel": level = value.string
            case "message": text = value.string
            case "detail": detail = value.string
            case "processId": fields.process = value.integer.map(Int.init)
            default: break
            }
        }
        guard let level, let text else {
            diagnostics.skip(line: number)
            return
        }
        let head = prefix ?? ""
        // The server starts each further line of a message with a TAB; Azure drops it.
        let message = text.replacingOccurrences(of: "\n", with: "\n\t").replacingOccurrences(of: "\n\t\t", with: "\n\t")
        split(Array((head + level + ":  " + message).utf8), fields, number, inner)
        if let detail, !detail.isEmpty { split(Array((head + "DETAIL:  " + detail).utf8), fields, number, inner) }
    }

    private func split(_ bytes: [UInt8], _ fields: EnvelopeFields, _ number: Int, _ inner: InnerLine) {
        bytes.withUnsafeBytes { split($0, fields, number, inner) }
    }

    private func timestamp(_ value: JSONLine.Value) -> Int64? {
        guard case .string(let bytes, _) = value else { return nil }
        return timestamps.parse(bytes)?.microseconds
    }
}
