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
    /// Field boundaries of the current row (start, end, quoted).
    private var fields: [(start: Int, end: Int, quoted: Bool)] = []
    private static let maximumRowBytes = 64 << 20
    /// Fields whose doubled quotes are unescaped before use: message, detail, query.
    private static let unescapedFields = [13, 14, 19]
    /// Rows of one second share the parsed date and minute.
    private var timestamps = LogTimestamp.Cache()

    public init() {}

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        // An odd number of quotes opens or closes a quoted field that goes on to the next line.
        var quotes = 0
        for byte in line { quotes &+= byte == UInt8(ascii: "\"") ? 1 : 0 }
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

    private mutating func parseRow(_ bytes: UnsafeRawBufferPointer, emit: (consuming QueryEvent) -> Void) {
        fields.removeAll(keepingCapacity: true)
        var index = 0
        let count = bytes.count
        do {
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
                    fields.append((start, index, true))
                    index += 1
                } else {
                    let start = index
                    while index < count && bytes[index] != UInt8(ascii: ",") { index += 1 }
                    fields.append((start, index, false))
                }
                guard index < count, bytes[index] == UInt8(ascii: ",") else { break }
                index += 1
                if index == count { fields.append((count, count, false)) }
            }
        }
        guard fields.count >= 23, fields.count <= 30 else {
            diagnostics.skip(line: rowLine)
            return
        }
        let line = rowLine
        var unquoted: [Int: [UInt8]] = [:]
        do {
            func field(_ number: Int) -> UnsafeRawBufferPointer? {
                guard number < fields.count else { return nil }
                let (start, end, quoted) = fields[number]
                guard end > start else { return nil }
                let raw = bytes.slice(start..<end)
                guard quoted, raw.firstOffset(of: "\"\"") != nil else { return raw }
                return nil
            }
            // Fields with doubled quotes are unescaped into `unquoted` first.
            for number in Self.unescapedFields where number < fields.count {
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
