/// Read access to one normalized statement while its bytes are alive: names, rendering and
/// placeholder values. Used by the normalizer's full path and by the shape analyzer.
struct NormalizedView {
    let input: UnsafePointer<UInt8>
    let tokens: UnsafeBufferPointer<Token>
    let normalized: UnsafeBufferPointer<NormalizedToken>

    /// The bytes of a name that make its identity: the whole word for an unquoted name (to be
    /// case-folded), the inside of the quotes for a quoted one.
    static func nameBytes(_ token: Token, _ input: UnsafePointer<UInt8>) -> (start: Int, count: Int, quoted: Bool) {
        let start = Int(token.start)
        let end = Int(token.end)
        guard token.kind == .quotedIdentifier else { return (start, end - start, false) }
        let open = input[start]
        let openerLength: Int
        let closer: UInt8
        switch open {
        case UInt8(ascii: "\""): openerLength = 1; closer = UInt8(ascii: "\"")
        case UInt8(ascii: "`"): openerLength = 1; closer = UInt8(ascii: "`")
        case UInt8(ascii: "["): openerLength = 1; closer = UInt8(ascii: "]")
        default: openerLength = 3; closer = UInt8(ascii: "\"")  // U&"..."
        }
        let closed = end - start > openerLength && input[end - 1] == closer
        let contentStart = min(start + openerLength, end)
        let contentEnd = closed ? end - 1 : end
        return (contentStart, max(0, contentEnd - contentStart), true)
    }

    /// A name as the database sees it: unquoted names lower-cased, quoted ones as written.
    func name(at index: Int) -> String {
        let raw = tokens[Int(normalized[index].source)]
        let (start, count, quoted) = Self.nameBytes(raw, input)
        let bytes = UnsafeBufferPointer(start: input + start, count: count)
        if quoted { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    func rawText(_ token: Token) -> String {
        String(decoding: UnsafeBufferPointer(start: input + Int(token.start), count: token.length), as: UTF8.self)
    }

    func rawByte(at index: Int) -> UInt8 { input[Int(tokens[Int(normalized[index].source)].start)] }

    func isPunctuation(_ index: Int, _ character: Unicode.Scalar) -> Bool {
        index >= 0 && index < normalized.count && normalized[index].kind == .punctuation && rawByte(at: index) == UInt8(ascii: character)
    }

    func isOperator(_ index: Int, _ text: String) -> Bool {
        guard index >= 0, index < normalized.count, normalized[index].kind == .operator else { return false }
        let raw = tokens[Int(normalized[index].source)]
        return raw.length == text.utf8.count && rawText(raw) == text
    }

    func isKeyword(_ index: Int, _ keyword: Keyword) -> Bool {
        index >= 0 && index < normalized.count && normalized[index].kind == .keyword && normalized[index].keyword == keyword
    }

    // MARK: - Readable text

    /// `SELECT * FROM books WHERE author_id = $1`: keywords upper case, names lower case and
    /// unquoted where quoting is not needed, one space between tokens except where SQL is
    /// usually written tight (`f(x)`, `a.b`, `x::int`, `(a, b)`).
    func render() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(normalized.count * 6)
        var previousTight = true
        for index in normalized.indices {
            let token = normalized[index]
            let tightBefore = isTightBefore(index)
            if !previousTight && !tightBefore { out.append(UInt8(ascii: " ")) }
            previousTight = false
            switch token.kind {
            case .keyword:
                out.append(contentsOf: token.keyword.text.utf8)
            case .name:
                appendName(index, to: &out)
            case .placeholder:
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(token.placeholder).utf8)
            case .valueList:
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(token.placeholder).utf8)
                out.append(contentsOf: ", ...".utf8)
            case .moreRows:
                out.append(contentsOf: ", ...".utf8)
            case .operator, .punctuation, .other:
                let raw = tokens[Int(token.source)]
                out.append(contentsOf: UnsafeBufferPointer(start: input + Int(raw.start), count: raw.length))
                if token.kind == .punctuation {
                    let byte = input[Int(raw.start)]
                    previousTight = byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: ".")
                } else if token.kind == .operator {
                    previousTight = raw.length == 2 && input[Int(raw.start)] == UInt8(ascii: ":")
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func isTightBefore(_ index: Int) -> Bool {
        let token = normalized[index]
        switch token.kind {
        case .moreRows:
            return true
        case .operator:
            return isOperator(index, "::")
        case .punctuation:
            let byte = rawByte(at: index)
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "."), UInt8(ascii: ";"):
                return true
            case UInt8(ascii: "("):
                guard index > 0 else { return false }
                let previous = normalized[index - 1]
                if previous.kind == .keyword { return previous.keyword == .any || previous.keyword == .some }
                // `count(*)` but `INSERT INTO books (title)` and `ON books (author_id)`.
                guard previous.kind == .name else { return false }
                return !(index >= 2 && normalized[index - 2].kind == .keyword
                    && [.into, .table, .on, .index, .exists].contains(normalized[index - 2].keyword))
            case UInt8(ascii: "["):
                guard index > 0 else { return false }
                let previous = normalized[index - 1]
                return previous.kind == .name || previous.kind == .placeholder || previous.keyword == .array
                    || isPunctuation(index - 1, ")") || isPunctuation(index - 1, "]")
            default:
                return false
            }
        default:
            return false
        }
    }

    private func appendName(_ index: Int, to out: inout [UInt8]) {
        let raw = tokens[Int(normalized[index].source)]
        let (start, count, quoted) = Self.nameBytes(raw, input)
        let bytes = UnsafeBufferPointer(start: input + start, count: count)
        if !quoted {
            out.append(contentsOf: bytes.lazy.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 })
        } else if Self.needsNoQuotes(bytes) {
            out.append(contentsOf: bytes)
        } else {
            out.append(UInt8(ascii: "\""))
            for byte in bytes {
                out.append(byte)
                if byte == UInt8(ascii: "\"") && raw.kind == .quotedIdentifier && input[Int(raw.start)] != UInt8(ascii: "\"") {
                    out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// A quoted name reads the same unquoted when it is a lowercase identifier and no keyword.
    static func needsNoQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, first == UInt8(ascii: "_") || (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) else {
            return false
        }
        var packed = PackedWord()
        for byte in bytes {
            guard byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            else { return false }
            packed.append(byte)
        }
        return packed.count > KeywordTable.maximumLength || KeywordTable.shared.lookup(packed) == .none
    }

    // MARK: - Placeholder values

    func placeholders() -> [Placeholder] {
        var result: [Placeholder] = []
        for token in normalized where token.kind == .placeholder || token.kind == .valueList {
            let values = token.kind == .placeholder ? [value(startingAt: Int(token.source))] : listValues(from: Int(token.source))
            result.append(Placeholder(number: Int(token.placeholder), isList: token.kind == .valueList, values: values))
        }
        return result
    }

    /// One value: a literal or parameter, or a sign followed by a number.
    private func value(startingAt index: Int) -> PlaceholderValue {
        let first = tokens[index]
        if first.kind == .operator {
            var next = index + 1
            while next < tokens.count && tokens[next].kind.isComment { next += 1 }
            let end = next < tokens.count ? Int(tokens[next].end) : Int(first.end)
            let text = String(decoding: UnsafeBufferPointer(start: input + Int(first.start), count: end - Int(first.start)), as: UTF8.self)
            return PlaceholderValue(isParameter: false, text: text)
        }
        return PlaceholderValue(isParameter: first.kind == .parameter, text: rawText(first))
    }

    /// The elements of a collapsed list, from its first token to its closer; type casts
    /// (`'a'::varchar(10)`, `$1::int[]`) skipped.
    private func listValues(from start: Int) -> [PlaceholderValue] {
        var values: [PlaceholderValue] = []
        var index = start
        var depth = 0
        var inCast = false
        var signStart: Int?
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.kind.isComment { continue }
            if token.kind == .punctuation {
                switch input[Int(token.start)] {
                case UInt8(ascii: "("), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"):
                    if depth == 0 { return values }
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 { inCast = false }
                default:
                    break
                }
                continue
            }
            if inCast { continue }
            if token.kind == .operator {
                if token.length == 2 && input[Int(token.start)] == UInt8(ascii: ":") {
                    inCast = true
                } else {
                    signStart = Int(token.start)
                }
                continue
            }
            let from = signStart ?? Int(token.start)
            signStart = nil
            let text = String(decoding: UnsafeBufferPointer(start: input + from, count: Int(token.end) - from), as: UTF8.self)
            values.append(PlaceholderValue(isParameter: token.kind == .parameter, text: text))
        }
        return values
    }
}
