#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL `log_line_prefix`, compiled once and matched against each line: literal text
/// must match; each `%` escape reads its field. Supports every escape of PostgreSQL 15–18:
/// `%a %u %d %r %h %b %p %P %t %m %n %i %e %c %l %s %v %x %q %Q %%`.
public struct LinePrefix: Equatable, Sendable {
    /// One step of the compiled prefix. Flat values (no arrays inside) so that matching a
    /// line copies and reference-counts nothing: literals live in `literals`.
    struct Step: Equatable, Sendable {
        enum Kind: UInt8, Sendable { case literal, field, sessionOnly }
        var kind: Kind
        var escape: UInt8 = 0
        /// The literal's bytes in `literals` (for a field: the literal that follows it, where a
        /// free-text field ends; empty when none follows).
        var literalStart = 0
        var literalCount = 0
    }

    /// The prefixes tried when the user gives none: the upstream default, Debian's, and the
    /// one pgBadger recommends, plus common variants.
    public static let candidates: [String] = [
        "%m [%p] %q%u@%d ",
        "%m [%p] ",
        "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
        "%t [%p]: user=%u,db=%d,app=%a,client=%h ",
        "%t [%p]: [%l-1] ",
        "%m [%p] %q%u@%d %a ",
        "%t [%p] %q%u@%d ",
        "%t [%p] ",
        "%m %u@%d [%p] ",
        "%m [%p]: ",
    ]

    public let format: String
    let steps: [Step]
    let literals: [UInt8]
    /// Whether the prefix has a timestamp finer than a second (`%m`, `%n`); `%t` has whole
    /// seconds, too coarse to tell requests apart.
    public let hasFineTimestamp: Bool

    public init(_ format: String) {
        self.format = format
        var steps: [Step] = []
        var literals: [UInt8] = []
        var literalStart = 0
        var bytes = Array(format.utf8).makeIterator()
        func closeLiteral() {
            if literals.count > literalStart {
                steps.append(Step(kind: .literal, literalStart: literalStart, literalCount: literals.count - literalStart))
            }
            literalStart = literals.count
        }
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                literals.append(byte)
                continue
            }
            guard var escape = bytes.next() else { break }
            // A padding width such as `%-10u` is allowed; skip it.
            while escape == UInt8(ascii: "-") || escape &- 0x30 < 10, let next = bytes.next() { escape = next }
            if escape == UInt8(ascii: "%") {
                literals.append(escape)
                continue
            }
            closeLiteral()
            steps.append(escape == UInt8(ascii: "q") ? Step(kind: .sessionOnly) : Step(kind: .field, escape: escape))
        }
        closeLiteral()
        for index in steps.indices where steps[index].kind == .field && index + 1 < steps.count && steps[index + 1].kind == .literal {
            steps[index].literalStart = steps[index + 1].literalStart
            steps[index].literalCount = steps[index + 1].literalCount
        }
        self.steps = steps
        self.literals = literals
        hasFineTimestamp = steps.contains { $0.kind == .field && ($0.escape == UInt8(ascii: "m") || $0.escape == UInt8(ascii: "n")) }
    }

    /// The fields one line's prefix held.
    struct Fields {
        var timestamp: Int64?
        var process: Int?
        var queryID: Int64?
        var user = FieldBytes.absent
        var database = FieldBytes.absent
        var application = FieldBytes.absent
        var transactionID = FieldBytes.absent
        var sqlState = FieldBytes.absent
        /// Where the message (`LOG:  ...`) starts.
        var end = 0
    }

    /// Where a free-text field lies in its line: offsets, not pointers, so that the fields read
    /// from one line hold for every line that starts with the same prefix bytes (`PrefixMemo`),
    /// and small, so that `Fields` is copied in registers rather than by `memcpy`.
    struct FieldBytes {
        static let absent = FieldBytes(start: 0, count: -1)
        var start: Int32
        var count: Int32

        /// The field's bytes in `line` (the line these offsets were read from, or one with the
        /// same prefix bytes); `nil` when the prefix has no such field.
        @inline(__always)
        func bytes(in line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
            count < 0 ? nil : line.slice(Int(start)..<Int(start + count))
        }
    }

    /// The last prefix read. The lines of one server message (LOG, DETAIL, STATEMENT) and
    /// consecutive messages of one process in the same millisecond repeat the exact same
    /// prefix text, so a byte comparison replaces parsing it again.
    struct PrefixMemo {
        private var bytes: [UInt8] = []
        private var fields = Fields()

        mutating func match(_ line: UnsafeRawBufferPointer, prefix: LinePrefix, timestamps: inout LogTimestamp.Cache) -> Fields? {
            let length = bytes.count
            if length > 0, line.count > length, let base = line.baseAddress,
                bytes.withUnsafeBytes({ memcmp($0.baseAddress!, base, length) == 0 })
            {
                return fields
            }
            guard let matched = prefix.match(line, timestamps: &timestamps) else { return nil }
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: line.slice(0..<matched.end))
            fields = matched
            return matched
        }
    }

    /// Matches the prefix at the start of `line`; `nil` when the line does not have it.
    func match(_ line: UnsafeRawBufferPointer) -> Fields? {
        var cache = LogTimestamp.Cache()
        return match(line, timestamps: &cache)
    }

    /// The same, reusing the date and minute of earlier lines.
    func match(_ line: UnsafeRawBufferPointer, timestamps: inout LogTimestamp.Cache) -> Fields? {
        steps.withUnsafeBufferPointer { steps in
            literals.withUnsafeBytes { literals in
                var fields = Fields()
                var position = 0
                for step in steps {
                    switch step.kind {
                    case .literal:
                        let count = step.literalCount
                        guard position + count <= line.count, let base = line.baseAddress, let literalBase = literals.baseAddress,
                            memcmp(base + position, literalBase + step.literalStart, count) == 0
                        else { return nil }
                        position += count
                    case .sessionOnly:
                        if Self.severityEnd(line, at: position) != nil {
                            fields.end = position
                            return fields
                        }
                    case .field:
                        let next = step.literalCount > 0 ? literals.slice(step.literalStart..<(step.literalStart + step.literalCount)) : nil
                        guard let end = readField(step.escape, line, position, nextLiteral: next, timestamps: &timestamps, into: &fields) else {
                            return nil
                        }
                        position = end
                    }
                }
                fields.end = position
                return fields
            }
        }
    }

    /// Reads one `%` field at `position`; returns the offset after it.
    private func readField(
        _ escape: UInt8, _ line: UnsafeRawBufferPointer, _ position: Int, nextLiteral: UnsafeRawBufferPointer?,
        timestamps: inout LogTimestamp.Cache, into fields: inout Fields
    ) -> Int? {
        switch escape {
        case UInt8(ascii: "m"), UInt8(ascii: "t"), UInt8(ascii: "s"):
            guard let (micros, end) = timestamps.parse(line, at: position) else { return nil }
            if escape != UInt8(ascii: "s") { fields.timestamp = micros }
            return end
        case UInt8(ascii: "n"):
            guard let (seconds, end) = line.decimal(at: position) else { return nil }
            fields.timestamp = Int64(seconds * 1_000_000)
            return end
        case UInt8(ascii: "p"), UInt8(ascii: "P"), UInt8(ascii: "l"):
            guard let (value, end) = line.integer(at: position) else {
                // %P (parallel leader) is empty for most processes.
                return escape == UInt8(ascii: "P") ? position : nil
            }
            if escape == UInt8(ascii: "p") { fields.process = value }
            return end
        case UInt8(ascii: "Q"):
            var start = position
            if line.byte(start) == UInt8(ascii: "-") { start += 1 }
            // A query id is a signed 64-bit integer: up to 19 digits.
            var value: Int64 = 0
            var end = start
            while end < line.count, line[end] &- 0x30 < 10 {
                value = value &* 10 &+ Int64(line[end] &- 0x30)
                end += 1
            }
            guard end > start else { return nil }
            fields.queryID = start > position ? 0 &- value : value
            return end
        default:
            // Free text: up to the next literal (or the severity, when the prefix ends here).
            let end: Int
            if let literal = nextLiteral {
                if literal.count == 1, let base = line.baseAddress, position <= line.count {
                    guard let found = memchr(base + position, Int32(literal[0]), line.count - position) else { return nil }
                    end = base.distance(to: UnsafeRawPointer(found))
                } else {
                    guard let found = line.firstOffset(of: literal, from: position) else { return nil }
                    end = found
                }
            } else {
                var cursor = position
                while cursor < line.count && Self.severityEnd(line, at: cursor) == nil && line[cursor] != UInt8(ascii: " ") { cursor += 1 }
                end = cursor
            }
            let value = FieldBytes(start: Int32(position), count: Int32(end - position))
            switch escape {
            case UInt8(ascii: "u"): fields.user = value
            case UInt8(ascii: "d"): fields.database = value
            case UInt8(ascii: "a"): fields.application = value
            case UInt8(ascii: "x"): fields.transactionID = value
            case UInt8(ascii: "e"): fields.sqlState = value
            case UInt8(ascii: "c"):
                // `%c` is the backend's start time and process id in hex (`6b06ef42.425a`): the
                // process, for a prefix without `%p` (Azure's `%t-%c-`).
                if fields.process == nil { fields.process = Self.process(ofSessionID: line.slice(position..<end)) }
            default: break
            }
            return end
        }
    }

    /// Kept out of line: only `%c` without `%p` needs it, and `readField` stays small enough
    /// to be inlined into `match`.
    @inline(never)
    private static func process(ofSessionID value: UnsafeRawBufferPointer) -> Int? {
        guard let dot = value.firstOffset(of: ".") else { return nil }
        let digits = value.slice(from: dot + 1)
        guard digits.count > 0, digits.count <= 8 else { return nil }
        var value = 0
        for byte in digits {
            let digit: UInt8
            if byte &- 0x30 < 10 { digit = byte &- 0x30 } else if (byte | 0x20) &- UInt8(ascii: "a") < 6 { digit = (byte | 0x20) &- UInt8(ascii: "a") + 10 } else { return nil }
            value = value << 4 | Int(digit)
        }
        return value
    }

    /// When a severity word and `:  ` start at `position` (`LOG:  `), its severity and the
    /// offset of the message.
    static func severityEnd(_ line: UnsafeRawBufferPointer, at position: Int) -> (severity: PostgresRecord.Severity, messageStart: Int)? {
        var cursor = position
        let limit = min(line.count, position + 10)
        while cursor < limit, line[cursor] &- UInt8(ascii: "A") < 26 || (line[cursor] &- 0x30 < 10 && cursor > position) {
            cursor &+= 1
        }
        guard cursor > position, cursor + 3 <= line.count, line[cursor] == UInt8(ascii: ":"),
            line[cursor + 1] == 0x20, line[cursor + 2] == 0x20
        else { return nil }
        guard let severity = PostgresRecord.severity(ifKnown: line.slice(position..<cursor)) else { return nil }
        return (severity, cursor + 3)
    }
}
