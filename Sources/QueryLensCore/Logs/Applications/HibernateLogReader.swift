/// Hibernate's SQL log, in the two ways applications turn it on:
///
/// - `hibernate.show_sql` (stdout): `Hibernate: select ...`, or with `format_sql` the SQL on
///   the indented lines after `Hibernate: `;
/// - the `org.hibernate.SQL` logger at DEBUG through log4j, logback or Spring Boot:
///   `2026-... DEBUG [main] org.hibernate.SQL - select ...` (or `: `), the same text.
///
/// Bound values come from the binder's trace lines after the statement: Hibernate 3 to 5's
/// `BasicBinder - binding parameter [1] as [INTEGER] - 4` (`- [4]` in 5), and Hibernate 6's
/// `org.hibernate.orm.jdbc.bind : binding parameter (1:INTEGER) <- [4]`. A statement is handed
/// over when the next one starts; other log records in between are ignored.
public struct HibernateLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var statement = PendingStatement()
    private var timestamps = LogTimestamp.Cache()
    /// The last record's timestamp: `show_sql` lines have none of their own.
    private var lastTimestamp: Int64?
    private var parameters: [String?] = []
    private var insideOtherRecord = false

    public init() {}

    /// Where the SQL starts on a line that opens a statement, and where its prefix ends.
    static func statementStart(_ line: UnsafeRawBufferPointer) -> (start: Int, prefixEnd: Int)? {
        if line.hasPrefix("Hibernate: ") || (line.hasPrefix("Hibernate:") && line.count == 10) { return (min(11, line.count), 0) }
        guard let logger = line.firstOffset(of: "org.hibernate.SQL") else { return nil }
        var cursor = logger + 17
        while cursor < line.count, line[cursor] == 0x20 { cursor += 1 }
        guard line.byte(cursor) == UInt8(ascii: "-") || line.byte(cursor) == UInt8(ascii: ":") else { return nil }
        return (min(cursor + 2, line.count), logger)
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        statementStart(line) != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        if let (start, prefixEnd) = Self.statementStart(line) {
            flush(emit)
            insideOtherRecord = false
            if prefixEnd > 0 { lastTimestamp = LoggerPrefix(line.slice(0..<prefixEnd), timestamps: &timestamps).timestamp ?? lastTimestamp }
            statement.begin(QueryEvent(sql: "", timestamp: lastTimestamp, line: number), text: line.slice(from: start))
            return
        }
        let head = LoggerPrefix(line.slice(0..<min(line.count, 64)), timestamps: &timestamps)
        if head.isRecord {
            lastTimestamp = head.timestamp ?? lastTimestamp
            insideOtherRecord = true
            if let (index, value) = Self.binding(line) {
                if index >= 1, index <= 10_000 {
                    while parameters.count < index { parameters.append(nil) }
                    parameters[index - 1] = value
                }
                return
            }
            diagnostics.ignoredLines += 1
            return
        }
        if statement.isOpen && !insideOtherRecord {
            statement.append(line: line)
        } else if line.trimmed.count > 0 {
            diagnostics.ignoredLines += 1
        }
    }

    /// A binder trace line's parameter position (1-based) and value.
    static func binding(_ line: UnsafeRawBufferPointer) -> (Int, String?)? {
        guard let at = line.firstOffset(of: "binding parameter ") else { return nil }
        let open = at + 18
        guard let (index, _) = line.integer(at: open + 1) else { return nil }
        var value: UnsafeRawBufferPointer
        if let arrow = line.firstOffset(of: " <- ", from: open) {
            value = line.slice(from: arrow + 4).trimmed
        } else if let dash = line.lastOffset(of: " - "), dash > open {
            value = line.slice(from: dash + 3).trimmed
        } else {
            return nil
        }
        if value.first == UInt8(ascii: "["), value.last == UInt8(ascii: "]") { value = value.slice(1..<(value.count - 1)) }
        let text = value.string
        return (index, text == "null" || text == "<null>" ? nil : text)
    }

    private mutating func flush(_ emit: (consuming QueryEvent) -> Void) {
        let values = parameters
        statement.update { $0.parameters = values }
        statement.flush(emit: emit)
        parameters.removeAll(keepingCapacity: true)
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        flush(emit)
    }
}
