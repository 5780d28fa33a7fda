/// Sequel's query log (`DB.loggers << Logger.new(...)`): Ruby's Logger line with the duration
/// in seconds before the SQL, values written into it:
///
///     I, [2026-12-01T10:00:00.850995 #5307]  INFO -- : (0.000147s) SELECT * FROM "authors" WHERE "id" = 4
public struct SequelLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var timestamps = LogTimestamp.Cache()
    private var sessions = SessionNames()

    public init() {}

    /// The duration (seconds), where the SQL starts, and where the Logger prefix ends.
    static func statement(_ line: UnsafeRawBufferPointer) -> (seconds: Double, start: Int, prefixEnd: Int)? {
        let open = line.firstOffset(of: " -- : ").map { $0 + 6 } ?? 0
        guard line.byte(open) == UInt8(ascii: "("), let (seconds, end) = line.decimal(at: open + 1), line.hasPrefix("s) ", at: end) else { return nil }
        return (seconds, end + 3, open)
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        statement(line) != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        guard let (seconds, start, prefixEnd) = Self.statement(line) else {
            if line.trimmed.count > 0 { diagnostics.ignoredLines += 1 }
            return
        }
        let prefix = LoggerPrefix(line.slice(0..<prefixEnd), timestamps: &timestamps)
        emit(QueryEvent(
            sql: line.slice(from: start).trimmed.string, timestamp: prefix.timestamp, durationMilliseconds: seconds * 1000,
            session: sessions.name(of: prefix), line: number))
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {}
}
