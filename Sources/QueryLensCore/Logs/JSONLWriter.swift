/// Writes events as QueryLens JSONL (docs/jsonl.md), the format `JSONLReader` reads back.
public enum JSONLWriter {
    /// One line, without the newline. Parameter values are replaced by `"<redacted>"` unless
    /// `showValues`: they come from logs and may be personal data.
    public static func line(_ event: QueryEvent, unit: String? = nil, showValues: Bool = false) -> String {
        var out = "{"
        var first = true
        func key(_ name: String) {
            if !first { out += "," }
            first = false
            out += "\"" + name + "\":"
        }
        func string(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            out += quoted(value)
        }
        if let timestamp = event.timestamp { string("ts", LogTimestamp.iso8601(timestamp)) }
        if let duration = event.durationMilliseconds {
            key("duration_ms")
            out += String(duration)
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
            out += "[" + event.parameters.map { value in
                guard let value else { return "null" }
                return quoted(showValues ? value : "<redacted>")
            }.joined(separator: ",") + "]"
        }
        string("source", event.source)
        if let rows = event.rows {
            key("rows")
            out += String(rows)
        }
        string("error", event.error)
        key("line")
        out += String(event.line)
        return out + "}"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
