#if canImport(Glibc)
import Glibc
#endif

/// A small JSON reader for one-object-per-line logs (PostgreSQL's jsonlog, QueryLens JSONL):
/// it walks the top-level members of an object without building a tree, and decodes a
/// member's value only when asked. Malformed input yields `nil`, never a crash; nesting is
/// limited so a hostile line cannot exhaust the stack.
enum JSONLine {
    enum Value {
        /// The bytes between the quotes, escapes not yet decoded.
        case string(UnsafeRawBufferPointer, escaped: Bool)
        case number(UnsafeRawBufferPointer)
        case bool(Bool)
        case null
        /// The bytes of the whole array or object, brackets included.
        case array(UnsafeRawBufferPointer)
        case object(UnsafeRawBufferPointer)

        var string: String? {
            switch self {
            case .string(let bytes, let escaped): return escaped ? JSONLine.unescape(bytes) : bytes.string
            case .number(let bytes): return bytes.string
            case .bool(let value): return value ? "true" : "false"
            case .null: return nil
            case .array(let bytes), .object(let bytes): return bytes.string
            }
        }

        var double: Double? {
            switch self {
            case .number(let bytes): return Double(bytes.string)
            case .string(let bytes, _): return Double(bytes.string)
            default: return nil
            }
        }

        var integer: Int64? {
            switch self {
            case .number(let bytes), .string(let bytes, _):
                return bytes.int64Value ?? Double(bytes.string).flatMap { $0.isFinite && abs($0) < 9e18 ? Int64($0) : nil }
            default: return nil
            }
        }

        /// The elements of an array value.
        var elements: [Value]? {
            guard case .array(let bytes) = self else { return nil }
            var parser = Parser(bytes: bytes)
            return parser.arrayElements()
        }
    }

    /// Calls `body` for each member of the object on `line`; `false` when the line is not a
    /// well-formed JSON object.
    static func forEachMember(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Value) -> Void) -> Bool {
        var parser = Parser(bytes: line)
        return parser.object(body)
    }

    fileprivate struct Parser {
        let bytes: UnsafeRawBufferPointer
        var index = 0
        static let maximumDepth = 64

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        /// Inlined: called around every key and value, and a jsonlog line has no spaces to skip.
        @inline(__always)
        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
        }

        mutating func object(_ body: (UnsafeRawBufferPointer, Value) -> Void) -> Bool {
            skipSpace()
            guard bytes.byte(index) == UInt8(ascii: "{") else { return false }
            index += 1
            skipSpace()
            if bytes.byte(index) == UInt8(ascii: "}") {
                index += 1
                return true
            }
            while true {
                skipSpace()
                guard case .string(let key, _)? = value(depth: 1) else { return false }
                skipSpace()
                guard bytes.byte(index) == UInt8(ascii: ":") else { return false }
                index += 1
                skipSpace()
                guard let member = value(depth: 1) else { return false }
                body(key, member)
                skipSpace()
                if bytes.byte(index) == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes.byte(index) == UInt8(ascii: "}") else { return false }
                index += 1
                return true
            }
        }

        mutating func arrayElements() -> [Value]? {
            skipSpace()
            guard bytes.byte(index) == UInt8(ascii: "[") else { return nil }
            index += 1
            var elements: [Value] = []
            skipSpace()
            if bytes.byte(index) == UInt8(ascii: "]") { return elements }
            while true {
                skipSpace()
                guard let element = value(depth: 1) else { return nil }
                elements.append(element)
                skipSpace()
                if bytes.byte(index) == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                return bytes.byte(index) == UInt8(ascii: "]") ? elements : nil
            }
        }

        mutating func value(depth: Int) -> Value? {
            guard depth <= Self.maximumDepth, index < bytes.count else { return nil }
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "\""):
                // `memchr` to the next quote, then to a backslash before it: whole runs of a
                // long string are skipped at once (a log line inside a JSON envelope).
                index += 1
                var escaped = false
                guard let base = bytes.baseAddress else { return nil }
                while index < bytes.count {
                    guard let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), bytes.count - index) else { return nil }
                    let quoteIndex = base.distance(to: quote)
                    if let backslash = memchr(base + index, Int32(UInt8(ascii: "\\")), quoteIndex - index) {
                        escaped = true
                        index = base.distance(to: backslash) + 2
                        continue
                    }
                    index = quoteIndex + 1
                    return .string(bytes.slice((start + 1)..<quoteIndex), escaped: escaped)
                }
                return nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard skipContainer(depth: depth) else { return nil }
                let slice = bytes.slice(start..<index)
                return bytes[start] == UInt8(ascii: "{") ? .object(slice) : .array(slice)
            case UInt8(ascii: "t") where bytes.hasPrefix("true", at: index):
                index += 4
                return .bool(true)
            case UInt8(ascii: "f") where bytes.hasPrefix("false", at: index):
                index += 5
                return .bool(false)
            case UInt8(ascii: "n") where bytes.hasPrefix("null", at: index):
                index += 4
                return .null
            default:
                while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
                return index > start ? .number(bytes.slice(start..<index)) : nil
            }
        }

        /// A byte of a JSON number: digits, sign, point, exponent. Compared, not looked up in a
        /// string's bytes (`"+-.0123456789eE".utf8.contains`), which walked that string for every
        /// byte of every number: 18% of reading a jsonlog (docs/performance.md).
        @inline(__always)
        static func isNumberByte(_ byte: UInt8) -> Bool {
            byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                || byte | 0x20 == UInt8(ascii: "e")
        }

        /// Skips a nested array or object, honouring strings; false when unbalanced or too deep.
        mutating func skipContainer(depth: Int) -> Bool {
            var level = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    guard value(depth: depth) != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    level += 1
                    if depth + level > Self.maximumDepth { return false }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    level -= 1
                    if level == 0 {
                        index += 1
                        return true
                    }
                default:
                    break
                }
                index += 1
            }
            return false
        }
    }

    /// Decodes `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` and `\uXXXX` (with surrogate pairs).
    static func unescape(_ bytes: UnsafeRawBufferPointer) -> String {
        var output: [UInt8] = []
        unescape(bytes, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The same into a reused buffer (replacing its contents), for the hot path of envelopes.
    static func unescape(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(bytes.count)
        var index = 0
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[at + offset]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        while index < bytes.count {
            // Copy the run up to the next backslash in one go.
            guard let base = bytes.baseAddress else { return }
            let run = memchr(base + index, Int32(UInt8(ascii: "\\")), bytes.count - index).map { base.distance(to: $0) } ?? bytes.count
            if run > index {
                output.append(contentsOf: bytes.slice(index..<run))
                index = run
                continue
            }
            guard index + 1 < bytes.count else {
                output.append(bytes[index])
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex(index) else {
                    output.append(contentsOf: "\\u".utf8)
                    continue
                }
                index += 4
                if (0xD800..<0xDC00).contains(scalar), bytes.hasPrefix("\\u", at: index), let low = hex(index + 2), (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                output.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            default:
                output.append(escape)
            }
        }
    }
}
