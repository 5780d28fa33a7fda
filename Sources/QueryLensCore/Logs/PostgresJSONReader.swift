/// PostgreSQL's jsonlog (`log_destination = 'jsonlog'`, PostgreSQL 15+): one object per line,
/// keys with null values omitted. DETAIL and the failed statement ride in the same object.
/// csvlog's column names are read too (`log_time`, `process_id`, `user_name`,
/// `database_name`, `sql_state_code`, `query`): operators such as CloudNativePG log csvlog
/// rows as JSON objects with those keys.
public struct PostgresJSONReader: LogReader {
    public var diagnostics: ReadDiagnostics { records.diagnostics }
    private var records = PostgresJSONRecords()
    private var assembler = PostgresEventAssembler()

    public init() {}

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        assembler.read(line: line, number: number, nextLineStart: nil, with: &records, emit: emit)
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        assembler.finish(with: &records, emit: emit)
    }
}

/// jsonlog lines as server messages: one object, one message, so any line starts one.
struct PostgresJSONRecords: PostgresRecordParser {
    var diagnostics = ReadDiagnostics()
    var headerLinesWithoutSeverity: Int { 0 }
    private var origins = InternedOrigin()
    private var users = InternedText()
    private var databases = InternedText()
    private var applications = InternedText()
    private var timestamps = LogTimestamp.Cache()

    /// A string member's text: its bytes in the line when it has no escapes (no string made),
    /// else decoded.
    private enum MemberText {
        case bytes(UnsafeRawBufferPointer)
        case decoded(String)

        init?(_ value: JSONLine.Value) {
            if case .string(let bytes, false) = value {
                self = .bytes(bytes)
            } else if let text = value.string {
                self = .decoded(text)
            } else {
                return nil
            }
        }

        static func withBytes<Result>(_ text: MemberText?, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
            switch text {
            case .bytes(let bytes): return body(bytes)
            case .decoded(var string): return string.withUTF8 { body(UnsafeRawBufferPointer($0)) }
            case nil: return body(nil)
            }
        }
    }

    func startsRecord(_ line: UnsafeRawBufferPointer) -> Bool { true }

    mutating func read(line: UnsafeRawBufferPointer, number: Int, nextLineStart: UInt8?, handle: (PostgresRecord) -> Void) {
        guard line.trimmed.count > 0 else { return }
        var process = 0
        var timestamp: Int64?
        var user: String?
        var database: String?
        var application: String?
        var severity = PostgresRecord.Severity.other
        var message: MemberText?
        var detail: MemberText?
        var statement: MemberText?
        var sqlState: String?
        var queryID: Int64?
        var transactionID: String?
        let valid = JSONLine.forEachMember(line) { key, value in
            switch key.count {
            case 3 where key.hasPrefix("pid"), 10 where key.hasPrefix("process_id"): process = Int(value.integer ?? 0)
            case 4 where key.hasPrefix("user"), 9 where key.hasPrefix("user_name"):
                if case .string(let bytes, false) = value { user = users.string(bytes) } else { user = value.string }
            case 4 where key.hasPrefix("txid"): transactionID = value.integer.flatMap { $0 == 0 ? nil : String($0) }
            case 6 where key.hasPrefix("dbname"), 13 where key.hasPrefix("database_name"):
                if case .string(let bytes, false) = value { database = databases.string(bytes) } else { database = value.string }
            case 6 where key.hasPrefix("detail"): detail = MemberText(value)
            case 7 where key.hasPrefix("message"): message = MemberText(value)
            case 8 where key.hasPrefix("query_id"): queryID = value.integer.flatMap { $0 == 0 ? nil : $0 }
            case 9 where key.hasPrefix("timestamp"), 8 where key.hasPrefix("log_time"):
                if case .string(let bytes, _) = value { timestamp = timestamps.parse(bytes)?.microseconds }
            case 9 where key.hasPrefix("statement"), 5 where key.hasPrefix("query"): statement = MemberText(value)
            case 10 where key.hasPrefix("state_code"), 14 where key.hasPrefix("sql_state_code"): sqlState = value.string
            case 14 where key.hasPrefix("error_severity"):
                if case .string(let bytes, _) = value { severity = PostgresRecord.severity(bytes) }
            case 16 where key.hasPrefix("application_name"):
                if case .string(let bytes, false) = value { application = applications.string(bytes) } else { application = value.string }
            default: break
            }
        }
        guard valid, let message else {
            diagnostics.skip(line: number)
            return
        }
        MemberText.withBytes(message) { messageBytes in
            MemberText.withBytes(detail) { detailBytes in
                MemberText.withBytes(statement) { statementBytes in
                    let record = PostgresRecord(
                        process: process, timestamp: timestamp, origin: origins.origin(user: user, database: database, application: application),
                        severity: severity, message: messageBytes ?? UnsafeRawBufferPointer(start: nil, count: 0), detail: detailBytes,
                        query: severity == .log ? nil : statementBytes, sqlState: sqlState, queryID: queryID,
                        transactionID: transactionID, line: number)
                    handle(record)
                }
            }
        }
    }

    func finish(handle: (PostgresRecord) -> Void) {}
}
