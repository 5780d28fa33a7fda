#if canImport(Glibc)
import Glibc
#endif

/// Django's `django.db.backends` debug log: `(0.001) SELECT ...; args=(1,); alias=default`,
/// one statement per record, behind whatever the project's `LOGGING` formatter writes first
/// (`DEBUG 2026-12-01 10:00:00,123 utils 6684 140177418741440 (0.001) ...`,
/// `DEBUG:django.db.backends:(0.000) ...`, `2026-... [6763:1399...] django.db.backends DEBUG: ...`;
/// read by `LoggerPrefix`). Django interpolates the parameters into the SQL for the log; `args`
/// repeats them. A statement may span lines until `; args=`.
///
/// The prefix's process and thread ids are the session, so requests served by two threads at
/// once are told apart. When the log also holds access lines with the same prefix (Django's
/// `django.server` logger under `runserver`), each one ends its thread's request: the
/// statements before it are one unit. Lines of other loggers are ignored, not unreadable.
public struct DjangoLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    /// The record being assembled: SQL may span lines until `; args=`.
    private var pending: (event: QueryEvent, text: [UInt8])?
    private var timestamps = LogTimestamp.Cache()
    private var sessions = SessionNames()
    /// Whether access lines name the thread that served them, so they can end its request.
    private let requestLines: Bool
    /// Requests finished so far per session.
    private var finishedRequests: [String: Int] = [:]
    /// The last record was another logger's: lines without a prefix continue it.
    private var insideOtherRecord = false

    /// `requestLines`: access lines carry the session (see `accessLinesNameSessions`).
    public init(requestLines: Bool = false) {
        self.requestLines = requestLines
    }

    /// Whether a sample has access lines behind a prefix that names a process or thread.
    public static func accessLinesNameSessions(_ sample: [[UInt8]]) -> Bool {
        var timestamps = LogTimestamp.Cache()
        return sample.contains { line in
            line.withUnsafeBytes { bytes in
                guard let start = AccessLine.find(bytes) else { return false }
                let prefix = LoggerPrefix(bytes.slice(0..<start), timestamps: &timestamps)
                return prefix.isRecord && prefix.session != nil
            }
        }
    }

    /// Where the message `(0.001) SQL` starts on a line, after any prefix: the duration in
    /// seconds, where the SQL starts, and where the prefix ends. The SQL must look like SQL
    /// (or be on the next lines), so `(0.5) ` in another logger's message is not taken.
    static func statementStart(_ line: UnsafeRawBufferPointer) -> (seconds: Double, start: Int, prefixEnd: Int)? {
        guard let base = line.baseAddress else { return nil }
        var from = 0
        while from < line.count, let found = memchr(base + from, Int32(UInt8(ascii: "(")), line.count - from) {
            let open = base.distance(to: found)
            from = open + 1
            // Django writes the duration as `%.3f`: a decimal point is required.
            guard open == 0 || LoggerPrefix.isSeparator(line[open - 1]), let (seconds, end) = line.decimal(at: open + 1),
                line.slice(open..<end).firstOffset(of: ".") != nil, line.byte(end) == UInt8(ascii: ")"),
                end + 1 == line.count || line[end + 1] == 0x20
            else { continue }
            let start = min(end + 2, line.count)
            let rest = line.slice(from: start)
            if rest.trimmed.count == 0 || rest.firstOffset(of: "; args=") != nil { return (seconds, start, open) }
        }
        return nil
    }

    /// A whole statement record on one line, for format detection.
    static func isStatementLine(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let (_, start, _) = statementStart(line) else { return false }
        return line.slice(from: start).firstOffset(of: "; args=") != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        if let (seconds, start, prefixEnd) = Self.statementStart(line) {
            flushUnfinished()
            insideOtherRecord = false
            let prefix = LoggerPrefix(line.slice(0..<prefixEnd), timestamps: &timestamps)
            var event = QueryEvent(sql: "", timestamp: prefix.timestamp, durationMilliseconds: seconds * 1000, session: sessions.name(of: prefix), line: number)
            if requestLines, let session = prefix.session { event.unit = "\(session)/request-\(finishedRequests[session, default: 0] + 1)" }
            pending = (event, Array(line.slice(from: start)))
        } else if pending != nil {
            pending?.text.append(0x0A)
            pending?.text.append(contentsOf: line)
        } else {
            otherLine(line, number)
            return
        }
        guard let (event, text) = pending else { return }
        text.withUnsafeBytes { bytes in
            guard let argsAt = bytes.lastOffset(of: "; args=") else { return }
            var complete = event
            complete.sql = bytes.slice(0..<argsAt).trimmed.string
            let rest = bytes.slice(from: argsAt + 7)
            let aliasAt = rest.lastOffset(of: "; alias=") ?? rest.count
            complete.parameters = ValueList.parse(rest.slice(0..<aliasAt))
            if aliasAt < rest.count { complete.database = rest.slice(from: aliasAt + 8).trimmed.string }
            emit(complete)
            pending = nil
        }
    }

    /// An access line ends its session's request; other loggers' records (and their
    /// continuation lines) are ignored; anything else is unreadable.
    private mutating func otherLine(_ line: UnsafeRawBufferPointer, _ number: Int) {
        guard line.trimmed.count > 0 else { return }
        if let start = AccessLine.find(line) {
            let prefix = LoggerPrefix(line.slice(0..<start), timestamps: &timestamps)
            if requestLines, let session = prefix.session { finishedRequests[session, default: 0] += 1 }
            diagnostics.ignoredLines += 1
            insideOtherRecord = false
            return
        }
        if LoggerPrefix(line.slice(0..<min(line.count, 96)), timestamps: &timestamps).isRecord {
            insideOtherRecord = true
        }
        if insideOtherRecord { diagnostics.ignoredLines += 1 } else { diagnostics.skip(line: number) }
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        flushUnfinished()
    }

    private mutating func flushUnfinished() {
        if let (event, _) = pending { diagnostics.skip(line: event.line) }
        pending = nil
    }
}
