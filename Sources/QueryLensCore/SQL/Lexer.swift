import Foundation

/// Splits SQL bytes into tokens in one pass, for PostgreSQL and SQLite lexical syntax at once.
///
/// It never fails and never looks back more than one token: a byte it does not know becomes an
/// `.unknown` token, an unterminated string, identifier or comment runs to the end of the input.
/// Every step consumes at least one byte, so it cannot hang; every search is bounded, so it is
/// linear in the input.
public enum Lexer {
    /// Appends the tokens of `bytes` to `tokens`.
    public static func tokenize(_ bytes: UnsafeRawBufferPointer, into tokens: inout [Token]) {
        let scratch = ScratchBuffer<Token>()
        tokenize(bytes, into: scratch)
        tokens.append(contentsOf: scratch.elements)
    }

    /// Convenience for tests and the `sql` command.
    public static func tokenize(_ sql: String) -> [Token] {
        var tokens: [Token] = []
        var copy = sql
        copy.withUTF8 { tokenize(UnsafeRawBufferPointer($0), into: &tokens) }
        return tokens
    }

    /// The hot path: replaces the contents of `tokens`, sized up front (every token covers at
    /// least one byte) so that the scanner writes without checks.
    static func tokenize(_ bytes: UnsafeRawBufferPointer, into tokens: ScratchBuffer<Token>) {
        tokens.reset(minimumCapacity: bytes.count + 1)
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var scanner = Scanner(input: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, classes: ByteClass.table)
        tokens.count = scanner.run(into: tokens.base)
    }
}

private struct Scanner {
    let input: UnsafePointer<UInt8>
    let count: Int
    let classes: UnsafePointer<UInt8>
    var position = 0
    /// Whether the last significant token ends an operand (a name, a value, `)` or `]`). Decides
    /// whether `?` is a parameter or the JSONB operator, and whether `[` opens a SQLite
    /// identifier or a subscript.
    var previousEndsOperand = false
    var previousKeyword: Keyword = .none
    let keywords = KeywordTable.shared

    init(input: UnsafePointer<UInt8>, count: Int, classes: UnsafePointer<UInt8>) {
        self.input = input
        self.count = count
        self.classes = classes
    }

    @inline(__always) func byte(_ offset: Int) -> UInt8 { offset < count ? input[offset] : 0 }
    @inline(__always) func has(_ offset: Int, _ flag: UInt8) -> Bool {
        offset < count && classes[Int(input[offset])] & flag != 0
    }

    /// Writes the tokens to `output` (room for one per byte) and returns how many.
    mutating func run(into output: UnsafeMutablePointer<Token>) -> Int {
        var written = 0
        while position < count {
            let c = input[position]
            if classes[Int(c)] & ByteClass.whitespace != 0 {
                position += 1
                continue
            }
            let start = position
            var keyword = Keyword.none
            let kind: TokenKind
            switch c {
            case UInt8(ascii: "-") where byte(position + 1) == UInt8(ascii: "-"):
                position = find(UInt8(ascii: "\n"), from: position + 2)
                kind = .lineComment
            case UInt8(ascii: "/") where byte(position + 1) == UInt8(ascii: "*"):
                skipBlockComment()
                kind = .blockComment
            case UInt8(ascii: "'"):
                skipQuoted(from: position + 1, backslashEscapes: false)
                kind = .string
            case UInt8(ascii: "\""):
                skipDoubled(UInt8(ascii: "\""), from: position + 1)
                kind = .quotedIdentifier
            case UInt8(ascii: "`"):
                skipDoubled(UInt8(ascii: "`"), from: position + 1)
                kind = .quotedIdentifier
            case UInt8(ascii: "["):
                kind = scanBracket()
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"),
                UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                position += 1
                kind = .punctuation
            case UInt8(ascii: "."):
                if has(position + 1, ByteClass.digit) {
                    scanNumber()
                    kind = .number
                } else {
                    position += 1
                    kind = .punctuation
                }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                scanNumber()
                kind = .number
            case UInt8(ascii: "$"):
                kind = scanDollar()
            case UInt8(ascii: "?"):
                kind = scanQuestionMark()
            case UInt8(ascii: ":"):
                kind = scanColon()
            case UInt8(ascii: "%") where !previousEndsOperand && isFormatParameter():
                kind = .parameter
            case UInt8(ascii: "@") where has(position + 1, ByteClass.wordStart) && !previousEndsOperand:
                position = scanWordEnd(from: position + 1)
                kind = .parameter
            default:
                if classes[Int(c)] & ByteClass.wordStart != 0 {
                    (kind, keyword) = scanWord()
                } else if classes[Int(c)] & ByteClass.operatorCharacter != 0 {
                    scanOperator()
                    kind = .operator
                } else {
                    position += 1
                    kind = .unknown
                }
            }
            output[written] = Token(kind: kind, keyword: keyword, start: start, end: position)
            written += 1
            if !kind.isComment {
                previousKeyword = keyword
                switch kind {
                case .identifier, .quotedIdentifier, .parameter, .number, .string, .escapeString,
                    .bitString, .unicodeString, .dollarString:
                    previousEndsOperand = true
                case .punctuation:
                    let p = input[start]
                    previousEndsOperand = p == UInt8(ascii: ")") || p == UInt8(ascii: "]")
                default:
                    previousEndsOperand = false
                }
            }
        }
        return written
    }

    /// Offset of the next `target` at or after `from`, or the end.
    @inline(__always)
    func find(_ target: UInt8, from: Int) -> Int {
        var index = from
        while index < count && input[index] != target { index += 1 }
        return index
    }

    mutating func skipBlockComment() {
        var depth = 1
        var index = position + 2
        while index < count {
            let c = input[index]
            if c == UInt8(ascii: "*") && byte(index + 1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { break }
            } else if c == UInt8(ascii: "/") && byte(index + 1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else {
                index += 1
            }
        }
        position = min(index, count)
    }

    /// A single-quoted body starting at `from` (after the quote): `''` is a quote; with
    /// `backslashEscapes`, so is `\'`.
    mutating func skipQuoted(from: Int, backslashEscapes: Bool) {
        var index = from
        while index < count {
            let c = input[index]
            if c == UInt8(ascii: "'") {
                if byte(index + 1) == UInt8(ascii: "'") {
                    index += 2
                    continue
                }
                position = index + 1
                return
            }
            index += (backslashEscapes && c == UInt8(ascii: "\\")) ? 2 : 1
        }
        position = count
    }

    /// A body closed by `quote`, where a doubled quote stands for itself.
    mutating func skipDoubled(_ quote: UInt8, from: Int) {
        var index = from
        while index < count {
            if input[index] == quote {
                if byte(index + 1) == quote {
                    index += 2
                    continue
                }
                position = index + 1
                return
            }
            index += 1
        }
        position = count
    }

    /// `[name]` is a SQLite identifier where a name may stand; after an operand or `ARRAY` it is
    /// a subscript or array constructor. Looks ahead at most 128 bytes for the closing bracket.
    mutating func scanBracket() -> TokenKind {
        if !previousEndsOperand && previousKeyword != .array {
            var index = position + 1
            let limit = min(count, position + 128)
            while index < limit {
                let c = input[index]
                if c == UInt8(ascii: "]") {
                    if index > position + 1 {
                        position = index + 1
                        return .quotedIdentifier
                    }
                    break
                }
                if c == UInt8(ascii: "[") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")")
                    || c == UInt8(ascii: ",") || c == UInt8(ascii: "'") || c == UInt8(ascii: "\n")
                    || c == UInt8(ascii: "\"") || c == UInt8(ascii: ":")
                {
                    break
                }
                index += 1
            }
        }
        position += 1
        return .punctuation
    }

    /// `1`, `1.5e-3`, `.5`, `1_000`, `0x1F`, `0o17`, `0b101`.
    mutating func scanNumber() {
        var index = position
        if input[index] == UInt8(ascii: "0") {
            let radix = byte(index + 1) | 0x20
            if radix == UInt8(ascii: "x") || radix == UInt8(ascii: "o") || radix == UInt8(ascii: "b") {
                var end = index + 2
                while end < count && (classes[Int(input[end])] & ByteClass.hexDigit != 0 || input[end] == UInt8(ascii: "_")) {
                    end += 1
                }
                if end > index + 2 {
                    position = end
                    return
                }
            }
        }
        while index < count && (has(index, ByteClass.digit) || input[index] == UInt8(ascii: "_")) { index += 1 }
        if byte(index) == UInt8(ascii: ".") && byte(index + 1) != UInt8(ascii: ".") {
            index += 1
            while index < count && (has(index, ByteClass.digit) || input[index] == UInt8(ascii: "_")) { index += 1 }
        }
        if byte(index) | 0x20 == UInt8(ascii: "e") {
            var exponent = index + 1
            if byte(exponent) == UInt8(ascii: "+") || byte(exponent) == UInt8(ascii: "-") { exponent += 1 }
            if has(exponent, ByteClass.digit) {
                index = exponent
                while has(index, ByteClass.digit) { index += 1 }
            }
        }
        position = index
    }

    /// `$1` parameter, `$$`/`$tag$` dollar quote, or SQLite's `$name` parameter.
    mutating func scanDollar() -> TokenKind {
        let next = position + 1
        if has(next, ByteClass.digit) {
            var index = next
            while has(index, ByteClass.digit) { index += 1 }
            position = index
            return .parameter
        }
        var tagEnd = next
        if has(next, ByteClass.wordStart) {
            while tagEnd < count && has(tagEnd, ByteClass.wordContinue) && input[tagEnd] != UInt8(ascii: "$") {
                tagEnd += 1
            }
        }
        if byte(tagEnd) == UInt8(ascii: "$") {
            skipDollarBody(tagStart: position, tagLength: tagEnd + 1 - position)
            return .dollarString
        }
        if tagEnd > next {
            position = scanWordEnd(from: next)
            return .parameter
        }
        position += 1
        return .unknown
    }

    mutating func skipDollarBody(tagStart: Int, tagLength: Int) {
        var index = tagStart + tagLength
        while index < count {
            if input[index] == UInt8(ascii: "$") && index + tagLength <= count
                && memcmp(input + index, input + tagStart, tagLength) == 0
            {
                position = index + tagLength
                return
            }
            index += 1
        }
        position = count
    }

    /// `?|` and `?&` are JSONB operators, `?12` a numbered parameter; a bare `?` is a parameter
    /// unless it follows an operand (`data ? 'key'`).
    mutating func scanQuestionMark() -> TokenKind {
        let next = byte(position + 1)
        if next == UInt8(ascii: "|") || next == UInt8(ascii: "&") {
            position += 2
            return .operator
        }
        if has(position + 1, ByteClass.digit) {
            var index = position + 1
            while has(index, ByteClass.digit) { index += 1 }
            position = index
            return .parameter
        }
        position += 1
        return previousEndsOperand ? .operator : .parameter
    }

    /// Python DB-API's `%s` and `%(name)s` (psycopg, Django's raw SQL); consumes it when found.
    mutating func isFormatParameter() -> Bool {
        let next = byte(position + 1)
        if next == UInt8(ascii: "s") && !has(position + 2, ByteClass.wordContinue) {
            position += 2
            return true
        }
        guard next == UInt8(ascii: "(") else { return false }
        var index = position + 2
        while index < count && index < position + 66 && has(index, ByteClass.wordContinue) { index += 1 }
        guard index > position + 2, byte(index) == UInt8(ascii: ")"), byte(index + 1) == UInt8(ascii: "s"),
            !has(index + 2, ByteClass.wordContinue)
        else { return false }
        position = index + 2
        return true
    }

    /// `::` cast, `:=`, `:name` parameter, or a lone `:` (array slices).
    mutating func scanColon() -> TokenKind {
        let next = byte(position + 1)
        if next == UInt8(ascii: ":") || next == UInt8(ascii: "=") {
            position += 2
            return .operator
        }
        if has(position + 1, ByteClass.wordStart) {
            position = scanWordEnd(from: position + 1)
            return .parameter
        }
        position += 1
        return .punctuation
    }

    @inline(__always)
    func scanWordEnd(from: Int) -> Int {
        var index = from
        while index < count && classes[Int(input[index])] & ByteClass.wordContinue != 0 { index += 1 }
        return index
    }

    /// A word, or one of the string prefixes `E'`, `B'`, `X'`, `N'`, `U&'`, `U&"`.
    mutating func scanWord() -> (TokenKind, Keyword) {
        let c = input[position] | 0x20
        let next = byte(position + 1)
        if next == UInt8(ascii: "'") {
            switch c {
            case UInt8(ascii: "e"):
                skipQuoted(from: position + 2, backslashEscapes: true)
                return (.escapeString, .none)
            case UInt8(ascii: "b"), UInt8(ascii: "x"):
                skipQuoted(from: position + 2, backslashEscapes: false)
                return (.bitString, .none)
            case UInt8(ascii: "n"):
                skipQuoted(from: position + 2, backslashEscapes: false)
                return (.string, .none)
            default:
                break
            }
        } else if c == UInt8(ascii: "u") && next == UInt8(ascii: "&") {
            let quote = byte(position + 2)
            if quote == UInt8(ascii: "'") {
                skipQuoted(from: position + 3, backslashEscapes: false)
                return (.unicodeString, .none)
            }
            if quote == UInt8(ascii: "\"") {
                skipDoubled(UInt8(ascii: "\""), from: position + 3)
                return (.quotedIdentifier, .none)
            }
        }
        let start = position
        position = scanWordEnd(from: position + 1)
        let length = position - start
        if length <= KeywordTable.maximumLength {
            let keyword = keywords.lookup(PackedWord(input + start, count: length, readable: count - start))
            if keyword != .none { return (.keyword, keyword) }
        }
        return (.identifier, .none)
    }

    /// PostgreSQL's operator rule: the longest run of operator characters, not running into a
    /// comment, and not ending in `+` or `-` unless it holds one of `~!@#%^&|`?` (so `=-1` is
    /// `=` then `-1`).
    mutating func scanOperator() {
        var end = position + 1
        var special = classes[Int(input[position])] & ByteClass.operatorSpecial != 0
        while end < count && (classes[Int(input[end])] & ByteClass.operatorCharacter != 0
            || (input[end] == UInt8(ascii: "?") && input[end - 1] == UInt8(ascii: "@")))  // `@?` jsonpath
        {
            let c = input[end]
            let following = byte(end + 1)
            if (c == UInt8(ascii: "-") && following == UInt8(ascii: "-"))
                || (c == UInt8(ascii: "/") && following == UInt8(ascii: "*"))
            {
                break
            }
            if classes[Int(c)] & ByteClass.operatorSpecial != 0 { special = true }
            end += 1
        }
        if !special {
            while end - position > 1 && (input[end - 1] == UInt8(ascii: "+") || input[end - 1] == UInt8(ascii: "-")) {
                end -= 1
            }
        }
        position = end
    }
}
