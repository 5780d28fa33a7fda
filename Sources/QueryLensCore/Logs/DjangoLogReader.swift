/// Django's `django.db.backends` debug log: `(0.001) SELECT ...; args=(1,); alias=default`,
/// one statement per record, optionally after a timestamp when the logging formatter adds one
/// (`%(asctime)s %(message)s` → `2026-11-25 14:00:00,123 (0.001) SELECT ...`). Django
/// interpolates the parameters into the SQL for the log; `args` repeats them.
public struct DjangoLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    /// The record being assembled: SQL may span lines until `; args=`.
    private var pending: (event: QueryEvent, text: [UInt8])?

    public init() {}

    /// Where `(0.001) ` ends and the SQL begins, and the duration in seconds.
    static func statementStart(_ line: UnsafeRawBufferPointer) -> (seconds: Double, start: Int, timestamp: Int64?)? {
        var offset = 0
        var timestamp: Int64?
        if let (micros, end) = LogTimestamp.parse(line) {
            timestamp = micros
            offset = end
            while line.byte(offset) == UInt8(ascii: " ") { offset += 1 }
        }
        guard line.byte(offset) == UInt8(ascii: "("), let (seconds, end) = line.decimal(at: offset + 1),
            line.hasPrefix(") ", at: end)
        else { return nil }
        return (seconds, end + 2, timestamp)
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (QueryEvent) -> Void) {
        if let (seconds, start, timestamp) = Self.statementStart(line) {
            flushUnfinished()
            let event = QueryEvent(sql: "", timestamp: timestamp, durationMilliseconds: seconds * 1000, line: number)
            pending = (event, Array(line.slice(from: start)))
        } else if pending != nil {
            pending?.text.append(0x0A)
            pending?.text.append(contentsOf: line)
        } else {
            if line.trimmed.count > 0 { diagnostics.skip(line: number) }
            return
        }
        guard let (event, text) = pending else { return }
        text.withUnsafeBytes { bytes in
            guard let argsAt = bytes.lastOffset(of: "; args=") else { return }
            var complete = event
            complete.sql = bytes.slice(0..<argsAt).string
            let rest = bytes.slice(from: argsAt + 7)
            let aliasAt = rest.lastOffset(of: "; alias=") ?? rest.count
            complete.parameters = Self.pythonTuple(rest.slice(0..<aliasAt))
            if aliasAt < rest.count { complete.database = rest.slice(from: aliasAt + 8).trimmed.string }
            emit(complete)
            pending = nil
        }
    }

    public mutating func finish(emit: (QueryEvent) -> Void) {
        flushUnfinished()
    }

    private mutating func flushUnfinished() {
        if let (event, _) = pending { diagnostics.skip(line: event.line) }
        pending = nil
    }

    /// The values of a Python tuple or list repr: `(1, 'a', None, True)`; nested values and
    /// calls (`datetime.datetime(...)`) are kept as their text.
    public static func pythonTuple(_ text: UnsafeRawBufferPointer) -> [String?] {
        let trimmed = text.trimmed
        guard trimmed.count >= 2, trimmed[0] == UInt8(ascii: "(") || trimmed[0] == UInt8(ascii: "[") else { return [] }
        let inner = trimmed.slice(1..<(trimmed.count - 1))
        var values: [String?] = []
        var depth = 0
        var quote: UInt8 = 0
        var start = 0
        var index = 0
        func add(_ end: Int) {
            let item = inner.slice(start..<end).trimmed
            guard item.count > 0 else { return }
            if item.count == 4 && item.hasPrefix("None") {
                values.append(nil)
            } else if item.count >= 2, item[0] == UInt8(ascii: "'") || item[0] == UInt8(ascii: "\""), item[item.count - 1] == item[0] {
                values.append(item.slice(1..<(item.count - 1)).string)
            } else {
                values.append(item.string)
            }
        }
        while index < inner.count {
            let byte = inner[index]
            if quote != 0 {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth -= 1
            } else if byte == UInt8(ascii: ","), depth == 0 {
                add(index)
                start = index + 1
            }
            index += 1
        }
        add(inner.count)
        return values
    }
}
