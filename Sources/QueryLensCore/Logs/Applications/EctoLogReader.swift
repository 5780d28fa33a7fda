/// Ecto's query log as Phoenix applications write it (Elixir's Logger at debug):
///
///     [debug] QUERY OK source="authors" db=0.5ms idle=0.4ms
///     SELECT a0."id", a0."name" FROM "authors" AS a0 WHERE (a0."id" = $1) [4]
///     ↳ MyAppWeb.BookController.index/2, at: lib/my_app_web/controllers/book_controller.ex:14
///
/// The values are the list after the SQL; `db=` is the duration; the `↳` line (the repo's
/// `stacktrace: true`) is the source. Phoenix's `[info] GET /books` and `[info] Sent 200 in
/// 9ms` delimit a request, named by its `request_id` when the Logger prints that metadata.
public struct EctoLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var statement = PendingStatement()
    /// The QUERY record's SQL line comes next.
    private var awaitingSQL = false
    private var requestsStarted = 0
    private var request: String?

    public init() {}

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        line.firstOffset(of: "] QUERY OK ") != nil || line.firstOffset(of: "] QUERY ERROR ") != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        ANSIColours.without(line) { handle($0, number, emit) }
    }

    private mutating func handle(_ line: UnsafeRawBufferPointer, _ number: Int, _ emit: (consuming QueryEvent) -> Void) {
        if let level = line.firstOffset(of: "[debug] ") ?? line.firstOffset(of: "[info] ") ?? line.firstOffset(of: "[error] ") {
            statement.flush(emit: emit)
            awaitingSQL = false
            let message = line.slice(from: line.firstOffset(of: "] ", from: level).map { $0 + 2 } ?? line.count)
            if message.hasPrefix("QUERY OK ") || message.hasPrefix("QUERY ERROR ") {
                var event = QueryEvent(sql: "", unit: request, line: number)
                if let db = message.firstOffset(of: " db=") { event.durationMilliseconds = message.decimal(at: db + 4).map(\.value) }
                if message.hasPrefix("QUERY ERROR ") { event.error = "error" }
                statement.begin(event, text: UnsafeRawBufferPointer(start: nil, count: 0))
                awaitingSQL = true
            } else if Self.isRequestStart(message) {
                requestsStarted += 1
                request = Self.requestID(line.slice(0..<level)) ?? "request-\(requestsStarted)"
                diagnostics.ignoredLines += 1
            } else {
                if message.hasPrefix("Sent ") { request = nil }
                diagnostics.ignoredLines += 1
            }
            return
        }
        let text = line.trimmed
        if awaitingSQL {
            awaitingSQL = false
            var sql = text
            // The values: the `[...]` that closes the line.
            if sql.last == UInt8(ascii: "]"), let open = Self.openingBracket(sql) {
                let values = ValueList.parse(sql.slice(from: open))
                statement.update { $0.parameters = values }
                sql = sql.slice(0..<open).trimmed
            }
            statement.append(line: sql)
        } else if statement.isOpen, text.hasPrefix("\u{21B3} ") {
            let location = text.firstOffset(of: ", at: ").map { text.slice(from: $0 + 6).string } ?? text.slice(from: 4).string
            statement.update { $0.source = location }
            statement.flush(emit: emit)
        } else if text.count > 0 {
            diagnostics.ignoredLines += 1
        }
    }

    /// `GET /books` (any method, a path).
    private static func isRequestStart(_ message: UnsafeRawBufferPointer) -> Bool {
        guard let space = message.firstOffset(of: " "), space >= 3, space <= 7, message.byte(space + 1) == UInt8(ascii: "/") else { return false }
        return message.slice(0..<space).allSatisfy { $0 &- UInt8(ascii: "A") < 26 }
    }

    /// `request_id=GHkGCB8hYbk2v7cAAAAh` in the metadata before the level.
    private static func requestID(_ metadata: UnsafeRawBufferPointer) -> String? {
        guard let at = metadata.firstOffset(of: "request_id=") else { return nil }
        var end = at + 11
        while end < metadata.count, metadata[end] != 0x20 { end += 1 }
        return "request:" + metadata.slice((at + 11)..<end).string
    }

    /// Where the list that ends the line opens, matching brackets from the end.
    private static func openingBracket(_ text: UnsafeRawBufferPointer) -> Int? {
        var depth = 0
        var index = text.count - 1
        while index >= 0 {
            if text[index] == UInt8(ascii: "]") { depth += 1 }
            if text[index] == UInt8(ascii: "[") {
                depth -= 1
                if depth == 0 { return index > 0 && text[index - 1] == 0x20 ? index : nil }
            }
            index -= 1
        }
        return nil
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        statement.flush(emit: emit)
    }
}
