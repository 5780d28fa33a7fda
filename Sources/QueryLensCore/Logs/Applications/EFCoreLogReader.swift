/// Entity Framework Core through .NET's console logger: a record is a `level: Category[EventId]`
/// line, then its message on lines indented by six spaces. Command events carry the duration and
/// the parameters (with `EnableSensitiveDataLogging`, their values), then the SQL:
///
///     info: Microsoft.EntityFrameworkCore.Database.Command[20101]
///           Executed DbCommand (1ms) [Parameters=[@__id_0='4'], CommandType='Text', CommandTimeout='30']
///           SELECT a."Id", a."Name"
///           FROM "Authors" AS a
///
/// ASP.NET Core's `Request starting HTTP/1.1 GET ...` and `Request finished ...` records
/// delimit a request: one unit of work.
public struct EFCoreLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var statement = PendingStatement()
    /// The current record is a command's: its indented lines after the first are the SQL.
    private var inCommand = false
    private var awaitingMessage = false
    private var category: [UInt8] = []
    private var requestsStarted = 0
    private var request: String?

    public init() {}

    /// `info: Category[20101]` at the start of a line: the category's range.
    static func header(_ line: UnsafeRawBufferPointer) -> Range<Int>? {
        guard line.count > 6, line[4] == UInt8(ascii: ":"), line[5] == 0x20 else { return nil }
        let level = line.slice(0..<4)
        guard ["info", "dbug", "warn", "fail", "crit", "trce"].contains(where: { level.elementsEqual($0.utf8) }) else { return nil }
        let end = line.firstOffset(of: "[", from: 6) ?? line.count
        return 6..<end
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        line.firstOffset(of: "Executed DbCommand (") != nil || line.firstOffset(of: "Failed executing DbCommand (") != nil
            || header(line).map { line.slice($0).hasPrefix("Microsoft.EntityFrameworkCore") } == true
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        if let range = Self.header(line) {
            statement.flush(emit: emit)
            category = Array(line.slice(range))
            inCommand = false
            awaitingMessage = true
            diagnostics.ignoredLines += 1
            return
        }
        let message = line.trimmed
        if awaitingMessage {
            awaitingMessage = false
            if let event = command(message, number) {
                statement.begin(event, text: UnsafeRawBufferPointer(start: nil, count: 0))
                inCommand = true
                return
            }
            if message.hasPrefix("Request starting ") {
                requestsStarted += 1
                request = "request-\(requestsStarted)"
            } else if message.hasPrefix("Request finished ") {
                request = nil
            }
            diagnostics.ignoredLines += 1
            return
        }
        if inCommand {
            statement.append(line: line)
        } else if message.count > 0 {
            diagnostics.ignoredLines += 1
        }
    }

    /// `Executed DbCommand (1ms) [Parameters=[...], ...]` (or `Failed executing ...`): the event.
    private func command(_ message: UnsafeRawBufferPointer, _ number: Int) -> QueryEvent? {
        let failed = message.hasPrefix("Failed executing DbCommand (")
        guard failed || message.hasPrefix("Executed DbCommand ("), let open = message.firstOffset(of: "(") else { return nil }
        let milliseconds = message.decimal(at: open + 1).map(\.value)
        var event = QueryEvent(sql: "", durationMilliseconds: milliseconds, unit: request, line: number)
        if let start = message.firstOffset(of: "[Parameters=[") { event.parameters = Self.parameters(message.slice(from: start + 13)) }
        if failed { event.error = "failed" }
        return event
    }

    /// `@__id_0='4', @p1='x' (Size = 4000), @p2=NULL]`: the values, in order. Without
    /// sensitive data logging every value is `'?'`: none are known.
    static func parameters(_ text: UnsafeRawBufferPointer) -> [String?] {
        var values: [String?] = []
        var index = 0
        while index < text.count, text[index] == UInt8(ascii: "@") {
            guard let equals = text.firstOffset(of: "=", from: index) else { break }
            index = equals + 1
            if text.byte(index) == UInt8(ascii: "'") {
                var value: [UInt8] = []
                index += 1
                while index < text.count {
                    if text[index] == UInt8(ascii: "'") {
                        if text.byte(index + 1) == UInt8(ascii: "'") {
                            value.append(UInt8(ascii: "'"))
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    value.append(text[index])
                    index += 1
                }
                values.append(String(decoding: value, as: UTF8.self))
            } else {
                let start = index
                while index < text.count, text[index] != UInt8(ascii: ","), text[index] != UInt8(ascii: "]"), text[index] != 0x20 { index += 1 }
                let raw = text.slice(start..<index).string
                values.append(raw == "NULL" ? nil : raw)
            }
            // Past annotations such as ` (Size = 4000)` to the next `, @` or the list's end.
            while index < text.count, text[index] != UInt8(ascii: "@"), text[index] != UInt8(ascii: "]") { index += 1 }
            if text.byte(index) == UInt8(ascii: "]") { break }
        }
        return values.allSatisfy({ $0 == "?" }) ? [] : values
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        statement.flush(emit: emit)
    }
}
