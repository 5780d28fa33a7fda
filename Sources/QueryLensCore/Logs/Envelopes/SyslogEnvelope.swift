import Foundation

/// syslog lines as a syslog daemon or the journal writes them to a file, in three layouts:
///
/// - `rfc3164` (rsyslog's default file format, `journalctl -o short`):
///   `Dec  2 01:02:03 host postgres[123]: [5-1] LOG:  ...` (whole seconds, no year);
/// - `rfc3339` (rsyslog's `RSYSLOG_FileFormat`, `journalctl -o short-iso`, Heroku's
///   `heroku logs`): the same with `2026-12-02T01:02:03.123456+00:00`;
/// - `rfc5424`: `<134>1 2026-12-02T01:02:03.123456+00:00 host postgres 123 - - [5-1] LOG: ...`.
///
/// A leading `<PRI>` is allowed in all three. Only the lines of one program are kept (the one
/// whose messages look like PostgreSQL's, found when the input is sniffed); other programs'
/// lines are counted as ignored. rsyslog's escapes of control characters (`#011` for a TAB)
/// are decoded, so a multi-line statement keeps its TAB-led continuation lines.
public final class SyslogEnvelope: LogEnvelope {
    public enum Layout: String, Sendable {
        case rfc3164, rfc3339, rfc5424
    }

    public let layout: Layout
    /// The program (syslog tag without the `[pid]`) whose lines are kept; `nil` keeps all.
    public let program: [UInt8]?
    public var name: String { "syslog-\(layout.rawValue)" }
    @exclusivity(unchecked) public private(set) var diagnostics = ReadDiagnostics()
    @exclusivity(unchecked) private var decoded: [UInt8] = []
    /// RFC 3164 timestamps have no year: the current one, or the previous for a month that
    /// has not come yet this year (a December log read in January).
    private let year: Int
    private let month: Int
    /// Consecutive lines share their second: the last RFC 3164 timestamp's 16 bytes and value.
    @exclusivity(unchecked) private var lastStamp: (UInt64, UInt64, Int64) = (0, 0, 0)
    @exclusivity(unchecked) private var timestamps = LogTimestamp.Cache()

    public init(layout: Layout, program: [UInt8]?, now: Date = Date()) {
        self.layout = layout
        self.program = program
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: now)
        year = components.year ?? 1970
        month = components.month ?? 12
    }

    /// A parsed syslog header.
    struct Header {
        var layout: Layout
        var timestamp: Int64?
        var coarse: Bool
        var program: Range<Int>
        var process: Int?
        var messageStart: Int
    }

    public func unwrap(_ line: UnsafeRawBufferPointer, number: Int, fields: EnvelopeFields, inner: InnerLine) {
        guard line.count > 0 else { return }
        guard let header = Self.header(line, year: year, currentMonth: month, stamps: &lastStamp, timestamps: &timestamps) else {
            diagnostics.skip(line: number)
            return
        }
        if let program, !Self.equal(line.slice(header.program), program) {
            diagnostics.ignoredLines += 1
            return
        }
        let own = EnvelopeFields(timestamp: header.timestamp, coarseTimestamp: header.coarse, process: header.process)
        let message = line.slice(from: header.messageStart)
        guard Self.hasEscape(message) else {
            inner(message, own.over(fields), number, nil)
            return
        }
        Self.decodeEscapes(message, into: &decoded)
        decoded.withUnsafeBytes { inner($0, own.over(fields), number, nil) }
    }

    public func finish(inner: InnerLine) {}

    /// The layout and program a sample of lines has, when most of them are syslog lines.
    static func detect(_ lines: [[UInt8]]) -> SyslogEnvelope? {
        var layouts: [Layout: Int] = [:]
        var programs: [[UInt8]: (all: Int, postgres: Int)] = [:]
        var parsed = 0
        var nonEmpty = 0
        for line in lines where !line.isEmpty {
            nonEmpty += 1
            line.withUnsafeBytes { bytes in
                var stamps: (UInt64, UInt64, Int64) = (0, 0, 0)
                var timestamps = LogTimestamp.Cache()
                guard let header = header(bytes, year: 2000, currentMonth: 12, stamps: &stamps, timestamps: &timestamps) else { return }
                parsed += 1
                layouts[header.layout, default: 0] += 1
                let program = Array(bytes.slice(header.program))
                let message = bytes.slice(from: header.messageStart)
                let looksLikePostgres = LinePrefixInference.severityStart(message) != nil
                    || message.firstOffset(of: "#011") != nil || PostgresSyslogChunks.chunk(message) != nil
                var counts = programs[program] ?? (0, 0)
                counts.all += 1
                if looksLikePostgres { counts.postgres += 1 }
                programs[program] = counts
            }
        }
        guard nonEmpty > 0, parsed * 2 > nonEmpty, let layout = layouts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) })?.key
        else { return nil }
        // The program with the most PostgreSQL-looking messages; ties to the first name.
        let program = programs.filter { $0.value.postgres > 0 }.max { a, b in
            (a.value.postgres, a.value.all) < (b.value.postgres, b.value.all)
                || ((a.value.postgres, a.value.all) == (b.value.postgres, b.value.all) && b.key.lexicographicallyPrecedes(a.key))
        }?.key
        return SyslogEnvelope(layout: layout, program: program)
    }

    private static func equal(_ bytes: UnsafeRawBufferPointer, _ other: [UInt8]) -> Bool {
        guard bytes.count == other.count else { return false }
        guard let base = bytes.baseAddress else { return other.isEmpty }
        return other.withUnsafeBytes { other in other.baseAddress.map { memcmp($0, base, other.count) == 0 } ?? false }
    }

    /// `stamps` and `timestamps` remember the last timestamp: most lines repeat its date and second.
    static func header(
        _ line: UnsafeRawBufferPointer, year: Int, currentMonth: Int, stamps: inout (UInt64, UInt64, Int64), timestamps: inout LogTimestamp.Cache
    ) -> Header? {
        var position = 0
        if line.byte(0) == UInt8(ascii: "<") {
            guard let (_, end) = line.integer(at: 1), line.byte(end) == UInt8(ascii: ">") else { return nil }
            position = end + 1
        }
        if line.byte(position) == UInt8(ascii: "1"), line.byte(position + 1) == 0x20 {
            return rfc5424(line, from: position + 2)
        }
        var header: Header
        if line.byte(position + 10) == UInt8(ascii: "T"), let (micros, end) = timestamps.parse(line, at: position) {
            header = Header(layout: .rfc3339, timestamp: micros, coarse: line.byte(position + 19) != UInt8(ascii: "."), program: 0..<0, messageStart: end)
        } else if position + 16 <= line.count, let base = line.baseAddress,
            case let key = (UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self), UnsafeRawPointer(base + position + 8).loadUnaligned(as: UInt64.self)),
            key.0 == stamps.0 && key.1 == stamps.1
        {
            header = Header(layout: .rfc3164, timestamp: stamps.2, coarse: true, program: 0..<0, messageStart: position + 15)
        } else if let (micros, end) = traditionalTimestamp(line, at: position, year: year, currentMonth: currentMonth) {
            if position + 16 <= line.count, let base = line.baseAddress {
                stamps = (UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self), UnsafeRawPointer(base + position + 8).loadUnaligned(as: UInt64.self), micros)
            }
            header = Header(layout: .rfc3164, timestamp: micros, coarse: true, program: 0..<0, messageStart: end)
        } else {
            return nil
        }
        // ` host tag[pid]: ` or ` tag[pid]: ` (no host).
        guard line.byte(header.messageStart) == 0x20 else { return nil }
        var cursor = header.messageStart + 1
        let firstStart = cursor
        while cursor < line.count, line[cursor] != 0x20 { cursor += 1 }
        var tagStart = firstStart
        if !(line.byte(cursor - 1) == UInt8(ascii: ":")) {
            tagStart = cursor + 1
            cursor = tagStart
            while cursor < line.count, line[cursor] != 0x20 { cursor += 1 }
        }
        guard cursor > tagStart, line.byte(cursor - 1) == UInt8(ascii: ":") else { return nil }
        var tagEnd = cursor - 1
        if line.byte(tagEnd - 1) == UInt8(ascii: "]"), let open = line.slice(tagStart..<tagEnd).firstOffset(of: "[") {
            let pidStart = tagStart + open + 1
            if let (pid, end) = line.integer(at: pidStart), end == tagEnd - 1 { header.process = pid }
            tagEnd = tagStart + open
        }
        header.program = tagStart..<tagEnd
        header.messageStart = line.byte(cursor) == 0x20 ? cursor + 1 : cursor
        return header
    }

    /// `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`.
    private static func rfc5424(_ line: UnsafeRawBufferPointer, from start: Int) -> Header? {
        var cursor = start
        var timestamp: Int64?
        var coarse = true
        if let (micros, end) = LogTimestamp.parse(line, at: cursor) {
            timestamp = micros
            coarse = line.byte(cursor + 19) != UInt8(ascii: ".")
            cursor = end
        } else if line.byte(cursor) == UInt8(ascii: "-") {
            cursor += 1
        } else {
            return nil
        }
        func field() -> Range<Int>? {
            guard line.byte(cursor) == 0x20 else { return nil }
            let begin = cursor + 1
            var end = begin
            while end < line.count, line[end] != 0x20 { end += 1 }
            cursor = end
            return begin..<end
        }
        guard field() != nil, let app = field(), let procid = field(), field() != nil else { return nil }
        guard line.byte(cursor) == 0x20 else { return nil }
        cursor += 1
        // Structured data: `-` or `[id key="value" ...]...` (`\]` escapes a bracket).
        if line.byte(cursor) == UInt8(ascii: "-") {
            cursor += 1
        } else {
            while line.byte(cursor) == UInt8(ascii: "[") {
                cursor += 1
                while cursor < line.count, line[cursor] != UInt8(ascii: "]") { cursor += line[cursor] == UInt8(ascii: "\\") ? 2 : 1 }
                cursor += 1
            }
        }
        if line.byte(cursor) == 0x20 { cursor += 1 }
        if line.byte(cursor) == 0xEF, line.byte(cursor + 1) == 0xBB, line.byte(cursor + 2) == 0xBF { cursor += 3 }
        let process = line.integer(at: procid.lowerBound).flatMap { $0.end == procid.upperBound ? $0.value : nil }
        return Header(layout: .rfc5424, timestamp: timestamp, coarse: coarse, program: app, process: process, messageStart: min(cursor, line.count))
    }

    private static let months: [UInt32] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map {
        $0.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// `Dec  2 01:02:03` or `Dec 02 01:02:03`.
    private static func traditionalTimestamp(_ line: UnsafeRawBufferPointer, at start: Int, year: Int, currentMonth: Int) -> (Int64, Int)? {
        guard start + 15 <= line.count else { return nil }
        let key = UInt32(line[start]) << 16 | UInt32(line[start + 1]) << 8 | UInt32(line[start + 2])
        guard let monthIndex = months.firstIndex(of: key), line[start + 3] == 0x20 else { return nil }
        let dayTens = line[start + 4] == 0x20 ? 0 : Int(line[start + 4] &- 0x30)
        let dayUnits = Int(line[start + 5] &- 0x30)
        guard dayTens < 4, dayUnits < 10, line[start + 6] == 0x20, line[start + 9] == UInt8(ascii: ":"), line[start + 12] == UInt8(ascii: ":")
        else { return nil }
        func two(_ at: Int) -> Int? {
            let tens = line[at] &- 0x30
            let units = line[at + 1] &- 0x30
            return tens < 10 && units < 10 ? Int(tens) * 10 + Int(units) : nil
        }
        guard let hour = two(start + 7), let minute = two(start + 10), let second = two(start + 13) else { return nil }
        let month = monthIndex + 1
        let days = LogTimestamp.daysFromCivil(year: month > currentMonth ? year - 1 : year, month: month, day: dayTens * 10 + dayUnits)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return (seconds * 1_000_000, start + 15)
    }

    /// Whether a message holds rsyslog's `#ooo` escape of a control character.
    @inline(__always)
    static func hasEscape(_ message: UnsafeRawBufferPointer) -> Bool {
        guard let base = message.baseAddress, message.count >= 4 else { return false }
        var from = 0
        while from < message.count - 3, let found = memchr(base + from, Int32(UInt8(ascii: "#")), message.count - from - 3) {
            let index = base.distance(to: found)
            if isOctalEscape(message, index) { return true }
            from = index + 1
        }
        return false
    }

    private static func isOctalEscape(_ message: UnsafeRawBufferPointer, _ index: Int) -> Bool {
        message.byte(index + 1) &- 0x30 < 4 && message.byte(index + 2) &- 0x30 < 8 && message.byte(index + 3) &- 0x30 < 8
            && index + 3 < message.count
    }

    /// `#011` → TAB, `#012` → newline: the byte the three octal digits give.
    static func decodeEscapes(_ message: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        var index = 0
        while index < message.count {
            if message[index] == UInt8(ascii: "#"), isOctalEscape(message, index) {
                output.append((message[index + 1] &- 0x30) << 6 | (message[index + 2] &- 0x30) << 3 | (message[index + 3] &- 0x30))
                index += 4
            } else {
                output.append(message[index])
                index += 1
            }
        }
    }
}
