/// What an application's logging formatter writes before a logger's message, read without
/// knowing the formatter: Python's `%(asctime)s`, `{levelname} {asctime} {module} {process:d}
/// {thread:d}`, `%(levelname)s:%(name)s:`, `[%(process)d:%(thread)d]`, Ruby's Logger, a
/// gunicorn or Monolog line. Fields are recognised by shape:
///
/// - the first timestamp anywhere (`2026-12-01 10:00:00,123`, ISO 8601, with or without zone);
/// - a level word (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`, `TRACE`, `FATAL`);
/// - numbers: a process id, and a thread id (Python's thread idents are far larger than any
///   process id; of two numbers the first is the process, as every common formatter has it).
///
/// The process and thread make the event's session, so that two threads serving requests at
/// once are told apart.
struct LoggerPrefix {
    var timestamp: Int64?
    var hasLevel = false
    var process: Int?
    var thread: Int?

    /// Process ids stay below this (Linux's `pid_max` limit); thread idents are larger.
    private static let largestProcess = 4_194_304

    init(_ text: UnsafeRawBufferPointer, timestamps: inout LogTimestamp.Cache) {
        var position = 0
        while position < text.count {
            let byte = text[position]
            let atTokenStart = position == 0 || Self.isSeparator(text[position - 1])
            if atTokenStart, timestamp == nil, byte &- 0x30 < 10, let (micros, end) = timestamps.parse(text, at: position) {
                timestamp = micros
                position = end
                continue
            }
            if atTokenStart, byte &- 0x30 < 10, let (value, end) = text.integer(at: position), end == text.count || Self.isSeparator(text[end]) {
                if value > Self.largestProcess || process != nil {
                    if thread == nil { thread = value }
                } else {
                    process = value
                }
                position = end
                continue
            }
            if atTokenStart, byte &- UInt8(ascii: "A") < 26 {
                var end = position
                while end < text.count, text[end] &- UInt8(ascii: "A") < 26 { end += 1 }
                if end == text.count || Self.isSeparator(text[end]), Self.isLevel(text.slice(position..<end)) { hasLevel = true }
                position = end
                continue
            }
            position += 1
        }
    }

    /// The session the process and thread name: `6763:139900611458752`, or either alone.
    /// Readers ask through a `SessionNames` cache: most lines repeat the last session.
    var session: String? {
        switch (process, thread) {
        case let (process?, thread?): return "\(process):\(thread)"
        case let (process?, nil): return String(process)
        case let (nil, thread?): return String(thread)
        default: return nil
        }
    }

    /// Whether the text looks like a formatter's prefix at all: a timestamp or a level word.
    var isRecord: Bool { timestamp != nil || hasLevel }

    static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: "|"), UInt8(ascii: ","),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "-"), UInt8(ascii: "#"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }

    /// Level words packed into integers (at most 8 letters), compared without allocating.
    private static let levels: [UInt64] = ["DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "TRACE", "FATAL", "NOTICE", "D", "I", "W", "E", "F"]
        .map { word in word.utf8.reduce(0) { $0 << 8 | UInt64($1) } }

    private static func isLevel(_ word: UnsafeRawBufferPointer) -> Bool {
        guard word.count <= 8 else { return false }
        let packed = word.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return levels.contains(packed)
    }
}

/// The last session name made, so that consecutive lines of one thread share one string.
struct SessionNames {
    private var process: Int?
    private var thread: Int?
    private var name: String?

    mutating func name(of prefix: LoggerPrefix) -> String? {
        if prefix.process == process && prefix.thread == thread, name != nil { return name }
        process = prefix.process
        thread = prefix.thread
        name = prefix.session
        return name
    }
}

/// An HTTP request line as access logs write it: `"GET /books/ HTTP/1.1" 200 190` (Django's
/// `django.server`, gunicorn and uwsgi access logs, the common log format). A request ends
/// when its access line is written.
enum AccessLine {
    /// Where the quoted request line starts, when the text holds one with a status after it.
    static func find(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let http = line.firstOffset(of: " HTTP/") else { return nil }
        var start = http
        while start > 0, line[start - 1] != UInt8(ascii: "\"") { start -= 1 }
        guard start > 0 else { return nil }
        let method = line.slice(start..<http)
        guard let space = method.firstOffset(of: " "), space >= 3, space <= 7,
            method.slice(0..<space).allSatisfy({ $0 &- UInt8(ascii: "A") < 26 })
        else { return nil }
        guard let close = line.firstOffset(of: "\" ", from: http), let (status, _) = line.integer(at: close + 2), (100..<600).contains(status) else {
            return nil
        }
        return start - 1
    }
}
