/// Peewee's query log (the `peewee` logger at DEBUG): the message is the repr of a tuple of the
/// SQL and its parameters, behind any formatter or none:
///
///     2026-12-01 10:00:00,420 DEBUG peewee: ('SELECT "t1"."id" FROM "author" AS "t1" WHERE ("t1"."id" = %s)', [4])
public struct PeeweeLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var timestamps = LogTimestamp.Cache()
    private var sessions = SessionNames()

    public init() {}

    /// The SQL (Python string literal decoded), its parameters, and where the prefix ends.
    static func record(_ line: UnsafeRawBufferPointer) -> (sql: String, parameters: [String?], prefixEnd: Int)? {
        var from = 0
        while let open = line.firstOffset(of: "(", from: from) {
            from = open + 1
            let quote = line.byte(open + 1)
            guard quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\""), open == 0 || LoggerPrefix.isSeparator(line[open - 1]) else { continue }
            guard let (sql, end) = pythonString(line, at: open + 1), line.hasPrefix(", ", at: end) else { continue }
            // The tuple closes the line (trailing spaces aside).
            var close = line.count
            while close > end, line[close - 1] == 0x20 || line[close - 1] == 0x09 { close -= 1 }
            // Peewee passes its parameters as a list: `('SQL', [4, 1, 0])`.
            guard close > end + 4, line[close - 1] == UInt8(ascii: ")"), line[end + 2] == UInt8(ascii: "["), line[close - 2] == UInt8(ascii: "]") else {
                continue
            }
            return (sql, ValueList.parse(line.slice((end + 2)..<(close - 1))), open)
        }
        return nil
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        record(line) != nil
    }

    /// A Python string literal (`'...'` or `"..."` with backslash escapes) at `start`: its
    /// text and the offset after the closing quote.
    static func pythonString(_ line: UnsafeRawBufferPointer, at start: Int) -> (String, Int)? {
        let quote = line[start]
        var output: [UInt8] = []
        var index = start + 1
        while index < line.count {
            let byte = line[index]
            if byte == quote { return (String(decoding: output, as: UTF8.self), index + 1) }
            if byte == UInt8(ascii: "\\"), index + 1 < line.count {
                let escaped = line[index + 1]
                switch escaped {
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "r"): output.append(0x0D)
                default: output.append(escaped)
                }
                index += 2
                continue
            }
            output.append(byte)
            index += 1
        }
        return nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        guard let (sql, parameters, prefixEnd) = Self.record(line) else {
            if line.trimmed.count > 0 { diagnostics.ignoredLines += 1 }
            return
        }
        let prefix = LoggerPrefix(line.slice(0..<prefixEnd), timestamps: &timestamps)
        emit(QueryEvent(sql: sql, timestamp: prefix.timestamp, session: sessions.name(of: prefix), parameters: parameters, line: number))
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {}
}
