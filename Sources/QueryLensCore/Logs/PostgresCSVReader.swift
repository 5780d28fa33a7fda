/// PostgreSQL's csvlog: RFC 4180 rows (quoted fields, `""` for a quote, newlines inside
/// quotes, so one row can span lines). Columns, PostgreSQL 14 to 18: log_time, user_name,
/// database_name, process_id, connection_from, session_id, session_line_num, command_tag,
/// session_start_time, virtual_transaction_id, transaction_id, error_severity,
/// sql_state_code, message, detail, hint, internal_query, internal_query_pos, context, query,
/// query_pos, location, application_name, backend_type, leader_pid, query_id.
public struct PostgresCSVReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var assembler = PostgresEventAssembler()

    /// The row being assembled: its bytes (lines joined by `\n`) and where it started.
    private var row: [UInt8] = []
    private var rowLine = 0
    private var insideQuotes = false
    /// Field boundaries of the current row (start, end, quoted): `fieldCount` of them, in slots
    /// allocated once (a row with more than `maximumFields` is not PostgreSQL's).
    private var fields = [(start: Int, end: Int, quoted: Bool)](repeating: (0, 0, false), count: Self.maximumFields + 1)
    private var fieldCount = 0
    private static let maximumFields = 30
    private static let maximumRowBytes = 64 << 20
    /// Fields whose doubled quotes are unescaped before use: message, detail, query.
    private static let unescapedFields = [13, 14, 19]
    /// Rows of one second share the parsed date and minute.
    private var timestamps = LogTimestamp.Cache()

    public init() {}

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        // An odd number of quotes opens or closes a quoted field that goes on to the next line.
        let quotes = Self.quoteCount(line)
        if row.isEmpty && !insideQuotes {
            rowLine = number
            if quotes & 1 == 0 {
                // The whole row on this line, as almost every row is: read where it lies.
                if !line.isEmpty { parseRow(line, emit: emit) }
                return
            }
        } else {
            row.append(0x0A)
        }
        row.append(contentsOf: line)
        if quotes & 1 == 1 { insideQuotes.toggle() }
        if insideQuotes {
            if row.count > Self.maximumRowBytes {
                diagnostics.skip(line: rowLine)
                row.removeAll(keepingCapacity: false)
                insideQuotes = false
            }
            return
        }
        // Taken out of `self` while it is read (parsing changes `self`), and put back emptied.
        var joined: [UInt8] = []
        swap(&joined, &row)
        joined.withUnsafeBytes { parseRow($0, emit: emit) }
        joined.removeAll(keepingCapacity: true)
        swap(&joined, &row)
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        if !row.isEmpty {
            // A truncated last row (unterminated quote).
            diagnostics.skip(line: rowLine)
            row.removeAll()
        }
        assembler.finish(emit: emit, diagnostics: &diagnostics)
    }

    /// The number of `"` in `bytes`, eight bytes at a time: asked of every line, and a byte
    /// loop was a tenth of reading a csvlog.
    static func quoteCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let quotes: UInt64 = 0x2222_2222_2222_2222
        var count = 0
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ quotes
            // The top bit of each byte that was a quote (is now zero), and no other bit: no carry
            // crosses a byte, as (byte & 0x7F) + 0x7F is at most 0xFE.
            count += (~(((word & low7) &+ low7) | word | low7)).nonzeroBitCount
            index += 8
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\"") { count += 1 }
            index += 1
        }
        return count
    }

    /// Cuts a row into fields (start, end, quoted) in `cuts`; returns how many it has (more
    /// than `cuts.count` are counted, not kept).
    private static func cut(_ bytes: UnsafeRawBufferPointer, into cuts: UnsafeMutableBufferPointer<(start: Int, end: Int, quoted: Bool)>) -> Int {
        var found = 0
        func add(_ start: Int, _ end: Int, _ quoted: Bool) {
            if found < cuts.count { cuts[found] = (start, end, quoted) }
            found += 1
        }
        var index = 0
        let count = bytes.count
        while index <= count {
            if bytes.byte(index) == UInt8(ascii: "\"") {
                let start = index + 1
                index = start
                while index < count {
                    if bytes[index] == UInt8(ascii: "\"") {
                        if bytes.byte(index + 1) == UInt8(ascii: "\"") {
                            index += 2
                            continue
                        }
                        break
                    }
                    index += 1
                }
                add(start, index, true)
                index += 1
            } else {
                let start = index
                while index < count && bytes[index] != UInt8(ascii: ",") { index += 1 }
                add(start, index, false)
            }
            guard index < count, bytes[index] == UInt8(ascii: ",") else { break }
            index += 1
            if index == count { add(count, count, false) }
        }
        return found
    }

    private mutating func parseRow(_ bytes: UnsafeRawBufferPointer, emit: (consuming QueryEvent) -> Void) {
        // One uniqueness check of `fields` per row, not one per field.
        fieldCount = fields.withUnsafeMutableBufferPointer { Self.cut(bytes, into: $0) }
        guard fieldCount >= 23, fieldCount <= Self.maximumFields else {
            diagnostics.skip(line: rowLine)
            return
        }
        let line = rowLine
        var unquoted: [Int: [UInt8]] = [:]
        do {
            func field(_ number: Int) -> UnsafeRawBufferPointer? {
                guard number < fieldCount else { return nil }
                let (start, end, quoted) = fields[number]
                guard end > start else { return nil }
                let raw = bytes.slice(start..<end)
                guard quoted, raw.firstOffset(of: "\"\"") != nil else { return raw }
                return nil
            }
            // Fields with doubled quotes are unescaped into `unquoted` first.
            for number in Self.unescapedFields where number < fieldCount {
                let (start, end, quoted) = fields[number]
                let raw = bytes.slice(start..<end)
                if quoted, raw.firstOffset(of: "\"\"") != nil {
                    var output: [UInt8] = []
                    var index = 0
                    while index < raw.count {
                        output.append(raw[index])
                        index += raw[index] == UInt8(ascii: "\"") && raw.byte(index + 1) == UInt8(ascii: "\"") ? 2 : 1
                    }
                    unquoted[number] = output
                }
            }
            func text(_ number: Int, _ body: (UnsafeRawBufferPointer?) -> Void) {
                if let copy = unquoted[number] { copy.withUnsafeBytes { body($0) } } else { body(field(number)) }
            }
            let severity = field(11).map(PostgresRecord.severity) ?? .other
            let transaction = field(10).flatMap { $0.count == 1 && $0[0] == UInt8(ascii: "0") ? nil : $0.string }
            var queryID: Int64?
            if let raw = field(25), let value = raw.int64Value, value != 0 { queryID = value }
            text(13) { messageBytes in
                text(14) { detailBytes in
                    text(19) { queryBytes in
                        let record = PostgresRecord(
                            process: field(3).flatMap { $0.integer(at: 0)?.value } ?? 0,
                            timestamp: field(0).flatMap { timestamps.parse($0)?.microseconds },
                            originBytes: (field(1), field(2), field(22)), severity: severity,
                            message: messageBytes ?? UnsafeRawBufferPointer(start: nil, count: 0), detail: detailBytes,
                            query: severity == .log ? nil : queryBytes, sqlState: field(12)?.string, queryID: queryID,
                            transactionID: transaction, line: line)
                        assembler.handle(record, emit: emit)
                    }
                }
            }
        }
    }
}
