/// A PostgreSQL `log_line_prefix`, compiled once and matched against each line: literal text
/// must match; each `%` escape reads its field. Supports every escape of PostgreSQL 15–18:
/// `%a %u %d %r %h %b %p %P %t %m %n %i %e %c %l %s %v %x %q %Q %%`.
public struct LinePrefix: Equatable, Sendable {
    enum Element: Equatable, Sendable {
        case literal([UInt8])
        case field(UInt8)
        /// `%q`: background processes stop the prefix here.
        case sessionOnly
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
    let elements: [Element]

    public init(_ format: String) {
        self.format = format
        var elements: [Element] = []
        var literal: [UInt8] = []
        var bytes = Array(format.utf8).makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                literal.append(byte)
                continue
            }
            guard var escape = bytes.next() else { break }
            // A padding width such as `%-10u` is allowed; skip it.
            while escape == UInt8(ascii: "-") || escape &- 0x30 < 10, let next = bytes.next() { escape = next }
            if escape == UInt8(ascii: "%") {
                literal.append(escape)
                continue
            }
            if !literal.isEmpty {
                elements.append(.literal(literal))
                literal = []
            }
            elements.append(escape == UInt8(ascii: "q") ? .sessionOnly : .field(escape))
        }
        if !literal.isEmpty { elements.append(.literal(literal)) }
        self.elements = elements
    }

    /// The fields one line's prefix held.
    struct Fields {
        var timestamp: Int64?
        var process: Int?
        var user: UnsafeRawBufferPointer?
        var database: UnsafeRawBufferPointer?
        var application: UnsafeRawBufferPointer?
        var transactionID: UnsafeRawBufferPointer?
        var sqlState: UnsafeRawBufferPointer?
        var queryID: Int64?
        /// Where the message (`LOG:  ...`) starts.
        var end = 0
    }

    /// Matches the prefix at the start of `line`; `nil` when the line does not have it.
    func match(_ line: UnsafeRawBufferPointer) -> Fields? {
        var fields = Fields()
        var position = 0
        var index = 0
        while index < elements.count {
            switch elements[index] {
            case .literal(let bytes):
                guard position + bytes.count <= line.count else { return nil }
                for offset in 0..<bytes.count where line[position + offset] != bytes[offset] { return nil }
                position += bytes.count
            case .sessionOnly:
                if Self.severityEnd(line, at: position) != nil {
                    fields.end = position
                    return fields
                }
            case .field(let escape):
                guard let end = readField(escape, line, position, nextLiteral: nextLiteral(after: index), into: &fields) else { return nil }
                position = end
            }
            index += 1
        }
        fields.end = position
        return fields
    }

    private func nextLiteral(after index: Int) -> [UInt8]? {
        guard index + 1 < elements.count, case .literal(let bytes) = elements[index + 1] else { return nil }
        return bytes
    }

    /// Reads one `%` field at `position`; returns the offset after it.
    private func readField(_ escape: UInt8, _ line: UnsafeRawBufferPointer, _ position: Int, nextLiteral: [UInt8]?, into fields: inout Fields) -> Int? {
        switch escape {
        case UInt8(ascii: "m"), UInt8(ascii: "t"), UInt8(ascii: "s"):
            guard let (micros, end) = LogTimestamp.parse(line, at: position) else { return nil }
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
            guard let (value, end) = line.integer(at: start) else { return nil }
            fields.queryID = start > position ? -Int64(value) : Int64(value)
            return end
        default:
            // Free text: up to the next literal (or the severity, when the prefix ends here).
            let end: Int
            if let literal = nextLiteral {
                guard let found = literal.withUnsafeBytes({ line.firstOffset(of: $0, from: position) }) else { return nil }
                end = found
            } else {
                var cursor = position
                while cursor < line.count && Self.severityEnd(line, at: cursor) == nil && line[cursor] != UInt8(ascii: " ") { cursor += 1 }
                end = cursor
            }
            let value = line.slice(position..<end)
            switch escape {
            case UInt8(ascii: "u"): fields.user = value
            case UInt8(ascii: "d"): fields.database = value
            case UInt8(ascii: "a"): fields.application = value
            case UInt8(ascii: "x"): fields.transactionID = value
            case UInt8(ascii: "e"): fields.sqlState = value
            default: break
            }
            return end
        }
    }

    /// When a severity word and `:  ` start at `position` (`LOG:  `), the offset of the message.
    static func severityEnd(_ line: UnsafeRawBufferPointer, at position: Int) -> (word: UnsafeRawBufferPointer, messageStart: Int)? {
        var cursor = position
        while cursor < line.count && cursor - position < 10 && line[cursor] &- UInt8(ascii: "A") < 26 || (line.byte(cursor) &- 0x30 < 10 && cursor > position) {
            cursor += 1
        }
        guard cursor > position, line.hasPrefix(":  ", at: cursor) else { return nil }
        let word = line.slice(position..<cursor)
        guard PostgresRecord.isSeverityWord(word) else { return nil }
        return (word, cursor + 3)
    }
}
