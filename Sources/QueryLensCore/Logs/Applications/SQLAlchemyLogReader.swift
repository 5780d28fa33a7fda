/// SQLAlchemy's engine log (`create_engine(..., echo=True)`, or the `sqlalchemy.engine`
/// logger at INFO), behind any formatter:
///
///     2026-12-01 10:00:00,225 INFO sqlalchemy.engine.Engine SELECT authors.id, authors.name
///     FROM authors
///     WHERE authors.id = ?
///     2026-12-01 10:00:00,225 INFO sqlalchemy.engine.Engine [cached since 0.001s ago] (7,)
///
/// The statement spans lines until its parameters record (`[generated in ...]`, `[cached since
/// ...]`, `[raw sql]`, `[no key ...]`: a tuple, list or dict). `BEGIN (implicit)`, `COMMIT` and
/// `ROLLBACK` are the transaction's edges. Other loggers' records (Flask's, Werkzeug's access
/// lines) and their continuation lines are ignored.
public struct SQLAlchemyLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var statement = PendingStatement()
    private var timestamps = LogTimestamp.Cache()
    private var sessions = SessionNames()
    private var insideOtherRecord = false

    public init() {}

    /// Where the engine logger's name starts and its message begins.
    static func message(_ line: UnsafeRawBufferPointer) -> (prefixEnd: Int, start: Int)? {
        guard let at = line.firstOffset(of: "sqlalchemy.engine") else { return nil }
        var end = at
        while end < line.count, line[end] != 0x20, line[end] != UInt8(ascii: ":") { end += 1 }
        return (at, min(end + 1, line.count))
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        message(line) != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        guard let (prefixEnd, start) = Self.message(line) else {
            otherLine(line)
            return
        }
        insideOtherRecord = false
        let text = line.slice(from: start)
        if text.byte(0) == UInt8(ascii: "["), let close = text.firstOffset(of: "] ") ?? (text.trimmed.last == UInt8(ascii: "]") ? text.count - 1 : nil) {
            // The parameters of the statement just logged.
            let values = close + 2 <= text.count ? ValueList.parse(text.slice(from: close + 2)) : []
            statement.update { $0.parameters = values }
            statement.flush(emit: emit)
            return
        }
        statement.flush(emit: emit)
        let prefix = LoggerPrefix(line.slice(0..<prefixEnd), timestamps: &timestamps)
        let event = QueryEvent(sql: "", timestamp: prefix.timestamp, session: sessions.name(of: prefix), line: number)
        if text.hasPrefix("BEGIN (implicit)") {
            statement.begin(event, text: UnsafeRawBufferPointer(start: text.baseAddress, count: 5))
        } else {
            statement.begin(event, text: text)
        }
        // Transaction edges have no parameters record.
        if TransactionControl(text.string) != .other { statement.flush(emit: emit) }
    }

    private mutating func otherLine(_ line: UnsafeRawBufferPointer) {
        if LoggerPrefix(line.slice(0..<min(line.count, 96)), timestamps: &timestamps).isRecord || AccessLine.find(line) != nil {
            insideOtherRecord = true
        }
        if statement.isOpen && !insideOtherRecord {
            statement.append(line: line)
        } else if line.trimmed.count > 0 {
            diagnostics.ignoredLines += 1
        }
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        statement.flush(emit: emit)
    }
}
