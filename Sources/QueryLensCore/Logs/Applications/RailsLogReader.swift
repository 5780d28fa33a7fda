#if canImport(Glibc)
import Glibc
#endif

/// Rails development and production logs.
///
/// - `Started GET "/posts" ...` and `Completed 200 OK in 12ms` delimit a request: one unit.
///   With tagged logging (`config.log_tags = [:request_id]`) the first tag names the request.
/// - `  Post Load (0.3ms)  SELECT ...  [["id", 1], ["LIMIT", 1]]`: a statement, its duration
///   and its binds.
/// - `  ↳ app/controllers/posts_controller.rb:5:in 'index'`: where the statement above came from.
/// - `  CACHE Post Load (0.0ms)  SELECT ...`: served by the query cache, not a query.
/// - ANSI colour codes (on by default in development) and the Logger prefix of production
///   logs (`I, [2026-11-25T14:00:00.123456 #1234]  INFO -- : `) are stripped.
public struct RailsLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var pending: QueryEvent?
    private var request: String?
    private var requestTimestamp: Int64?
    private var requestsStarted = 0
    private var process: String?

    public init() {}

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        ANSIColours.without(line) { clean in handle(clean, number, emit: emit) }
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        if let event = pending { emit(event) }
        pending = nil
    }

    private mutating func handle(_ raw: UnsafeRawBufferPointer, _ number: Int, emit: (consuming QueryEvent) -> Void) {
        var line = raw
        var timestamp: Int64?
        // Logger prefix: `I, [2026-11-25T14:00:00.123456 #1234]  INFO -- : `.
        if line.byte(1) == UInt8(ascii: ","), line.hasPrefix(" [", at: 2), let marker = line.firstOffset(of: " -- : ") {
            timestamp = LogTimestamp.parse(line, at: 4)?.microseconds
            if let hash = line.firstOffset(of: " #", from: 4), let (pid, _) = line.integer(at: hash + 2) { process = String(pid) }
            line = line.slice(from: marker + 6)
        }
        // Tags: `[3f2a...] [web] ` — the first one names the request.
        var tag: UnsafeRawBufferPointer?
        while line.byte(0) == UInt8(ascii: "["), let close = line.firstOffset(of: "] ") {
            if tag == nil { tag = line.slice(1..<close) }
            line = line.slice(from: close + 2)
        }
        let text = line.trimmed
        if text.hasPrefix("Started ") {
            if let event = pending { emit(event) }
            pending = nil
            requestsStarted += 1
            request = tag?.string ?? "request-\(requestsStarted)"
            if let at = text.firstOffset(of: " at ") { requestTimestamp = LogTimestamp.parse(text, at: at + 4)?.microseconds }
            diagnostics.ignoredLines += 1
            return
        }
        if text.hasPrefix("Completed ") {
            if let event = pending { emit(event) }
            pending = nil
            request = nil
            diagnostics.ignoredLines += 1
            return
        }
        if text.hasPrefix("\u{21B3} ") {
            // The source of the statement just read.
            if pending != nil { pending?.source = text.slice(from: 4).trimmed.string }
            return
        }
        guard let (name, duration, sqlStart) = Self.statementHeader(text) else {
            diagnostics.ignoredLines += 1
            return
        }
        if let event = pending { emit(event) }
        pending = nil
        if name.hasPrefix("CACHE ") {
            diagnostics.ignoredLines += 1
            return
        }
        var sql = text.slice(from: sqlStart)
        var parameters: [String?] = []
        if sql.count >= 4, sql[sql.count - 1] == UInt8(ascii: "]"), let bindsAt = sql.lastOffset(of: "  [") {
            parameters = Self.binds(sql.slice(from: bindsAt + 2))
            sql = sql.slice(0..<bindsAt)
        }
        var event = QueryEvent(
            sql: sql.trimmed.string, timestamp: timestamp ?? requestTimestamp, durationMilliseconds: duration,
            session: process, parameters: parameters, unit: tag?.string ?? request, line: number)
        if event.unit == nil { event.unit = request }
        pending = event
    }

    /// `Post Load (0.3ms)  ` → the name, the duration, and where the SQL starts.
    static func statementHeader(_ text: UnsafeRawBufferPointer) -> (name: UnsafeRawBufferPointer, milliseconds: Double, sqlStart: Int)? {
        // `Post Load (0.3ms)`, or a bare `(0.2ms)` for statements without a model (COUNT, SQL).
        let open = text.byte(0) == UInt8(ascii: "(") ? -1 : (text.firstOffset(of: " (") ?? Int.max)
        guard open < 120, let (value, end) = text.decimal(at: open + 2), text.hasPrefix("ms)", at: end) else { return nil }
        var start = end + 3
        while text.byte(start) == UInt8(ascii: " ") { start += 1 }
        guard start < text.count else { return nil }
        return (text.slice(0..<max(0, open)), value, start)
    }

    /// `[["id", 1], ["name", "x"], [nil, 5]]` → the values.
    static func binds(_ text: UnsafeRawBufferPointer) -> [String?] {
        var normalized = Array(text)
        // Ruby writes nil where JSON has null.
        var index = 0
        while index + 3 <= normalized.count {
            if normalized[index] == UInt8(ascii: "n") && normalized[index + 1] == UInt8(ascii: "i") && normalized[index + 2] == UInt8(ascii: "l")
                && (index == 0 || !isWordByte(normalized[index - 1])) && (index + 3 == normalized.count || !isWordByte(normalized[index + 3]))
            {
                normalized.replaceSubrange(index..<(index + 3), with: Array("null".utf8))
            }
            index += 1
        }
        return normalized.withUnsafeBytes { bytes -> [String?] in
            guard let pairs = JSONLine.Value.array(bytes).elements else { return [] }
            return pairs.map { pair in
                guard let parts = pair.elements else { return pair.string }
                return parts.last?.string
            }
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- 0x30 < 10
    }
}
