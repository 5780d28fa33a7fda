/// GORM's query log, colours removed, in both generations' default logger:
///
/// - v1 (`db.LogMode(true)`): a record of three lines after a carriage return, values written
///   into the SQL: `(/app/main.go:80) `, `[2026-12-01 10:00:00]  [0.43ms]  SELECT * FROM
///   "authors"  WHERE ("id" = 4)`, `[1 rows affected or returned ]`;
/// - v2 (`logger.Default.LogMode(logger.Info)`): `2026/12/01 10:00:00 /app/main.go:80` then
///   `[0.430ms] [rows:1] SELECT * FROM "authors" WHERE "authors"."id" = 4`.
///
/// The caller's `file.go:line` is the statement's source.
public struct GormLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var statement = PendingStatement()
    private var source: String?
    private var timestamp: Int64?

    public init() {}

    /// `[0.43ms]` at `offset`: the milliseconds and the offset after the bracket.
    private static func milliseconds(_ line: UnsafeRawBufferPointer, at offset: Int) -> (Double, Int)? {
        guard line.byte(offset) == UInt8(ascii: "["), let (value, end) = line.decimal(at: offset + 1), line.hasPrefix("ms]", at: end) else { return nil }
        return (value, end + 3)
    }

    /// v1's `[2026-12-01 10:00:00]  [0.43ms]  SQL`: timestamp, milliseconds, where the SQL starts.
    static func versionOneStatement(_ line: UnsafeRawBufferPointer) -> (Int64?, Double, Int)? {
        guard line.byte(0) == UInt8(ascii: "["), let (micros, end) = LogTimestamp.parse(line, at: 1), line.hasPrefix("]  ", at: end),
            let (ms, after) = milliseconds(line, at: end + 3)
        else { return nil }
        return (micros, ms, after)
    }

    /// v2's `[0.430ms] [rows:1] SQL`: milliseconds, rows, where the SQL starts.
    static func versionTwoStatement(_ line: UnsafeRawBufferPointer) -> (Double, Int?, Int)? {
        guard let (ms, end) = milliseconds(line, at: 0), line.hasPrefix(" [rows:", at: end), let close = line.firstOffset(of: "] ", from: end) else { return nil }
        let rows = line.integer(at: end + 7).map(\.value)
        return (ms, rows, close + 2)
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        ANSIColours.without(line) { clean in
            versionOneStatement(clean) != nil || versionTwoStatement(clean) != nil || clean.firstOffset(of: " rows affected or returned ]") != nil
        }
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        ANSIColours.without(line) { handle($0.trimmed, number, emit) }
    }

    private mutating func handle(_ line: UnsafeRawBufferPointer, _ number: Int, _ emit: (consuming QueryEvent) -> Void) {
        if line.count == 0 { return }
        if let (micros, ms, start) = Self.versionOneStatement(line) {
            statement.flush(emit: emit)
            statement.begin(QueryEvent(sql: "", timestamp: micros, durationMilliseconds: ms, source: source, line: number), text: line.slice(from: start))
            source = nil
        } else if let (ms, rows, start) = Self.versionTwoStatement(line) {
            statement.flush(emit: emit)
            statement.begin(QueryEvent(sql: "", timestamp: timestamp, durationMilliseconds: ms, source: source, rows: rows, line: number), text: line.slice(from: start))
            statement.flush(emit: emit)
            source = nil
        } else if line.byte(0) == UInt8(ascii: "["), let (rows, _) = line.integer(at: 1), line.firstOffset(of: " rows affected or returned ]") != nil {
            statement.update { $0.rows = rows }
            statement.flush(emit: emit)
        } else if line.byte(0) == UInt8(ascii: "("), line.last == UInt8(ascii: ")"), line.firstOffset(of: ".go:") != nil {
            statement.flush(emit: emit)
            source = line.slice(1..<(line.count - 1)).string
        } else if let (micros, end) = Self.slashedTimestamp(line), line.byte(end) == 0x20, line.firstOffset(of: ".go:", from: end) != nil {
            statement.flush(emit: emit)
            timestamp = micros
            source = line.slice(from: end + 1).trimmed.string
        } else {
            diagnostics.ignoredLines += 1
        }
    }

    /// Go's log timestamp `2026/12/01 10:00:00`.
    private static func slashedTimestamp(_ line: UnsafeRawBufferPointer) -> (Int64, Int)? {
        guard line.count >= 19, line[4] == UInt8(ascii: "/"), line[7] == UInt8(ascii: "/") else { return nil }
        var dashed = Array(line.prefix(19))
        dashed[4] = UInt8(ascii: "-")
        dashed[7] = UInt8(ascii: "-")
        return dashed.withUnsafeBytes { LogTimestamp.parse($0) }.map { ($0.microseconds, 19) }
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        statement.flush(emit: emit)
    }
}
