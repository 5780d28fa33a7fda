/// Writes events as QueryLens JSONL (docs/jsonl.md), the format `JSONLReader` reads back.
///
/// Bytes are appended to a buffer the caller owns (the recorder's log buffer, under its lock):
/// recording runs at the proxy's forwarding rate, and building a `String` per event, with a
/// `String` per field, cost more than the forwarding itself.
public enum JSONLWriter {
    /// One line, without the newline. Parameter values are replaced by `"<redacted>"` unless
    /// `showValues`: they come from logs and may be personal data.
    public static func line(_ event: QueryEvent, unit: String? = nil, showValues: Bool = false) -> String {
        var bytes: [UInt8] = []
        append(event, unit: unit, showValues: showValues, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one line, without the newline, to `out`.
    public static func append(_ event: QueryEvent, unit: String? = nil, showValues: Bool = false, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func string(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            appendQuoted(value, to: &out)
        }
        if let timestamp = event.timestamp {
            key("ts")
            out.append(UInt8(ascii: "\""))
            LogTimestamp.appendISO8601(timestamp, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        if let duration = event.durationMilliseconds {
            key("duration_ms")
            out.append(contentsOf: String(duration).utf8)
        }
        string("session", event.session)
        string("unit", unit ?? event.unit)
        string("db", event.database)
        string("user", event.user)
        string("app", event.application)
        if event.isHTTPCall { string("kind", "http") }
        string("sql", event.sql)
        if !event.parameters.isEmpty {
            key("params")
            out.append(UInt8(ascii: "["))
            for (index, value) in event.parameters.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if let value {
                    appendQuoted(showValues ? value : "<redacted>", to: &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            }
            out.append(UInt8(ascii: "]"))
        }
        string("source", event.source)
        if let rows = event.rows {
            key("rows")
            out.append(contentsOf: String(rows).utf8)
        }
        string("error", event.error)
        key("line")
        out.append(contentsOf: String(event.line).utf8)
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs of bytes that need no escape are copied whole; UTF-8 passes through as it is.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    let digits: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
