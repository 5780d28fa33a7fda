/// Turns statement text into a fingerprint (fast path) or a full `NormalizedStatement`.
///
/// Reuse one `Normalizer` for many statements: it keeps its token buffers, so the fast path
/// allocates nothing per statement once the buffers have grown.
public struct Normalizer {
    /// Scratch space reused from statement to statement. A copy of a `Normalizer` shares it:
    /// give each thread its own.
    private let raw = ScratchBuffer<Token>()
    private let output = ScratchBuffer<NormalizedToken>()
    private var comments: [Int32] = []
    private var keys = 0
    /// The last token the walk emitted: whether it ends an operand decides if `-1` is a
    /// signed literal, and `IN (` / `ARRAY[` open a list.
    private var lastEmitted: NormalizedToken?
    private var recent = RecentStatements()

    public init() {}

    private var tokens: UnsafeMutablePointer<Token> { raw.base }
    private var tokenCount: Int { raw.count }

    /// The fingerprint alone: lex, then normalize and hash in one walk; no strings.
    public mutating func fingerprint(of bytes: UnsafeRawBufferPointer) -> Fingerprint {
        guard let base = bytes.baseAddress else { return FingerprintHasher().finish() }
        let input = base.assumingMemoryBound(to: UInt8.self)
        prepare(bytes)
        var sink = FingerprintSink(input: input, inputCount: bytes.count, tokens: raw.base)
        walk(input, into: &sink)
        return sink.fingerprint
    }

    /// The fingerprint and the comment tags, for the event stream: tags are extracted only
    /// when the statement has a block comment, so the common case stays on the fast path.
    public mutating func fingerprintAndTags(of sql: String) -> (Fingerprint, [CommentTag]) {
        var copy = sql
        return copy.withUTF8 { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            let fingerprint = self.fingerprint(of: bytes)
            guard !comments.isEmpty, let base = bytes.baseAddress else { return (fingerprint, []) }
            return (fingerprint, extractTags(base.assumingMemoryBound(to: UInt8.self)))
        }
    }

    /// The fingerprint, the comment tags, and a hash of the statement's literal values
    /// (`42`, `'abc'`; parameters like `$1` are names, not values). Two executions of one
    /// fingerprint with different value hashes ran with different inline values: how the
    /// detectors tell a loop over keys (N+1) from the same query run again.
    /// `bindsParameters`: the statement has bind placeholders (`$1`, `?`, `%s`), whose values
    /// the log may or may not have recorded beside it.
    public mutating func fingerprintTagsAndValues(of sql: String) -> (fingerprint: Fingerprint, tags: [CommentTag], values: UInt64, bindsParameters: Bool) {
        var copy = sql
        return copy.withUTF8 { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            let (remembered, slot) = recent.lookUp(bytes)
            if let remembered { return remembered }
            let fingerprint = self.fingerprint(of: bytes)
            guard let base = bytes.baseAddress else { return (fingerprint, [], 0, false) }
            let input = base.assumingMemoryBound(to: UInt8.self)
            var hasher = FingerprintHasher()
            var binds = false
            for index in 0..<raw.count {
                let token = raw.base[index]
                if token.kind == .parameter { binds = true }
                guard token.kind.isLiteral else { continue }
                hasher.mix(tag: token.kind.rawValue, bytes: input + Int(token.start), count: token.length, readable: token.length, foldCase: false)
            }
            let result = (fingerprint, comments.isEmpty ? [] : extractTags(input), hasher.finish().value, binds)
            recent.remember(sql, result, slot: slot)
            return result
        }
    }

    public mutating func fingerprint(of sql: String) -> Fingerprint {
        var copy = sql
        return copy.withUTF8 { fingerprint(of: UnsafeRawBufferPointer($0)) }
    }

    public mutating func normalize(_ sql: String) -> NormalizedStatement {
        var copy = sql
        return copy.withUTF8 { normalize(UnsafeRawBufferPointer($0)) }
    }

    public mutating func normalize(_ bytes: UnsafeRawBufferPointer) -> NormalizedStatement {
        guard let base = bytes.baseAddress else {
            return NormalizedStatement(
                text: "", fingerprint: FingerprintHasher().finish(), tags: [], placeholders: [],
                keysPerExecution: nil, shape: StatementShape())
        }
        let input = base.assumingMemoryBound(to: UInt8.self)
        prepare(bytes)
        output.reset(minimumCapacity: raw.count)
        var store = StoringSink(buffer: output)
        walk(input, into: &store)
        var hash = FingerprintSink(input: input, inputCount: bytes.count, tokens: raw.base)
        for token in output.elements { hash.accept(token) }
        let view = NormalizedView(input: input, tokens: raw.elements, normalized: output.elements)
        var analyzer = ShapeAnalyzer(view: view)
        return NormalizedStatement(
            text: view.render(),
            fingerprint: hash.fingerprint,
            tags: extractTags(input),
            placeholders: view.placeholders(),
            keysPerExecution: keys > 0 ? keys : nil,
            shape: analyzer.analyze())
    }

    // MARK: - The normalization walk

    /// Lexes into the scratch buffer and resets the per-statement state of the walk.
    private mutating func prepare(_ bytes: UnsafeRawBufferPointer) {
        if !comments.isEmpty { comments.removeAll(keepingCapacity: true) }
        keys = 0
        lastEmitted = nil
        Lexer.tokenize(bytes, into: raw)
    }

    private mutating func walk<Sink: NormalizedTokenSink>(_ input: UnsafePointer<UInt8>, into sink: inout Sink) {
        var last = tokenCount - 1
        while last >= 0 && (tokens[last].kind.isComment || isPunctuation(tokens[last], ";", input)) {
            if tokens[last].kind == .blockComment { comments.append(Int32(last)) }
            last -= 1
        }
        var placeholderNumber: Int32 = 0
        var firstValuesRowClose = -1
        var index = 0
        while index <= last {
            let token = tokens[index]
            switch token.kind {
            case .lineComment:
                index += 1
                continue
            case .blockComment:
                comments.append(Int32(index))
                index += 1
                continue
            case .keyword:
                emit(.keyword, token.keyword, index, into: &sink)
                if token.keyword == .values, let open = nextSignificant(after: index, last),
                    isPunctuation(tokens[open], "(", input)
                {
                    firstValuesRowClose = matchingClose(of: open, last, input)
                }
                index += 1
            case .string, .escapeString, .bitString, .unicodeString, .dollarString, .number, .parameter:
                placeholderNumber += 1
                emit(.placeholder, .none, index, placeholder: placeholderNumber, into: &sink)
                index += 1
            case .operator:
                if token.length == 1, input[Int(token.start)] == UInt8(ascii: "-") || input[Int(token.start)] == UInt8(ascii: "+"),
                    !(lastEmitted?.endsOperand ?? false),
                    let value = nextSignificant(after: index, last), tokens[value].kind == .number
                {
                    placeholderNumber += 1
                    emit(.placeholder, .none, index, placeholder: placeholderNumber, into: &sink)
                    index = value + 1
                } else {
                    emit(.operator, .none, index, into: &sink)
                    index += 1
                }
            case .punctuation:
                let byte = input[Int(token.start)]
                let previousKeyword = lastEmitted?.kind == .keyword ? lastEmitted?.keyword ?? .none : .none
                if (byte == UInt8(ascii: "(") && previousKeyword == .in)
                    || (byte == UInt8(ascii: "[") && previousKeyword == .array),
                    let (close, count) = constantList(after: index, last, closer: byte == UInt8(ascii: "(") ? ")" : "]", input)
                {
                    emit(.punctuation, .none, index, into: &sink)
                    placeholderNumber += 1
                    emit(.valueList, .none, index + 1, placeholder: placeholderNumber, into: &sink)
                    emit(.punctuation, .none, close, into: &sink)
                    keys = max(keys, count)
                    index = close + 1
                    continue
                }
                emit(.punctuation, .none, index, into: &sink)
                if index == firstValuesRowClose {
                    index = skipFurtherRows(after: index, last, input, into: &sink)
                } else {
                    index += 1
                }
            case .identifier, .quotedIdentifier:
                emit(.name, .none, index, into: &sink)
                index += 1
            case .unknown:
                emit(.other, .none, index, into: &sink)
                index += 1
            }
        }
    }

    @inline(__always)
    private mutating func emit<Sink: NormalizedTokenSink>(
        _ kind: NormalizedToken.Kind, _ keyword: Keyword, _ source: Int, placeholder: Int32 = 0, into sink: inout Sink
    ) {
        let token = NormalizedToken(kind: kind, keyword: keyword, source: Int32(source), placeholder: placeholder)
        lastEmitted = token
        sink.accept(token)
    }

    @inline(__always)
    private func isPunctuation(_ token: Token, _ character: Unicode.Scalar, _ input: UnsafePointer<UInt8>) -> Bool {
        token.kind == .punctuation && input[Int(token.start)] == UInt8(ascii: character)
    }

    private func nextSignificant(after index: Int, _ last: Int) -> Int? {
        var next = index + 1
        while next <= last {
            if !tokens[next].kind.isComment { return next }
            next += 1
        }
        return nil
    }

    /// The index of the `)` closing the `(` at `open`, or `last` when it is never closed.
    private func matchingClose(of open: Int, _ last: Int, _ input: UnsafePointer<UInt8>) -> Int {
        var depth = 0
        var index = open
        while index <= last {
            let token = tokens[index]
            if token.kind == .punctuation {
                let byte = input[Int(token.start)]
                if byte == UInt8(ascii: "(") {
                    depth += 1
                } else if byte == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { return index }
                }
            }
            index += 1
        }
        return last
    }

    /// After the first row of `VALUES (..)`, skips `, (..)` rows; emits `.moreRows` when there
    /// were any, so one row and many rows stay different statements (a loop of one-row inserts
    /// is an N+1 write; a multi-row insert is its fix). Returns the index to continue from.
    private mutating func skipFurtherRows<Sink: NormalizedTokenSink>(
        after close: Int, _ last: Int, _ input: UnsafePointer<UInt8>, into sink: inout Sink
    ) -> Int {
        var rows = 1
        var index = close + 1
        while let comma = nextSignificant(after: index - 1, last), isPunctuation(tokens[comma], ",", input),
            let open = nextSignificant(after: comma, last), isPunctuation(tokens[open], "(", input)
        {
            index = matchingClose(of: open, last, input) + 1
            rows += 1
        }
        if rows > 1 {
            emit(.moreRows, .none, close, into: &sink)
            keys = max(keys, rows)
        }
        return index
    }

    /// Whether the tokens after `open` up to `closer` are a comma list of constants or
    /// parameters (each optionally signed and cast); returns the closer's index and the count.
    private func constantList(after open: Int, _ last: Int, closer: Unicode.Scalar, _ input: UnsafePointer<UInt8>) -> (Int, Int)? {
        var count = 0
        var index = open + 1
        while true {
            index = skipComments(from: index, last)
            guard index <= last else { return nil }
            if tokens[index].kind == .operator, tokens[index].length == 1,
                input[Int(tokens[index].start)] == UInt8(ascii: "-") || input[Int(tokens[index].start)] == UInt8(ascii: "+")
            {
                index += 1
                index = skipComments(from: index, last)
                guard index <= last, tokens[index].kind == .number else { return nil }
            }
            guard index <= last, tokens[index].kind.isLiteral || tokens[index].kind == .parameter else { return nil }
            index += 1
            count += 1
            index = skipComments(from: index, last)
            if index <= last, tokens[index].kind == .operator, tokens[index].length == 2,
                input[Int(tokens[index].start)] == UInt8(ascii: ":")
            {
                index = skipTypeName(after: index, last, input)
                index = skipComments(from: index, last)
            }
            guard index <= last, tokens[index].kind == .punctuation else { return nil }
            let byte = input[Int(tokens[index].start)]
            if byte == UInt8(ascii: closer) { return (index, count) }
            guard byte == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    @inline(__always)
    private func skipComments(from start: Int, _ last: Int) -> Int {
        var index = start
        while index <= last && tokens[index].kind.isComment { index += 1 }
        return index
    }

    /// After `::`: a possibly qualified type name with optional `(n)` and `[]`.
    private func skipTypeName(after cast: Int, _ last: Int, _ input: UnsafePointer<UInt8>) -> Int {
        var index = cast + 1
        while index <= last && (tokens[index].kind.isName || tokens[index].kind == .keyword || isPunctuation(tokens[index], ".", input)) {
            index += 1
        }
        if index <= last && isPunctuation(tokens[index], "(", input) {
            index += 1
            while index <= last && !isPunctuation(tokens[index], ")", input) {
                guard tokens[index].kind == .number || isPunctuation(tokens[index], ",", input) else { return index }
                index += 1
            }
            index += 1
        }
        while index + 1 <= last && isPunctuation(tokens[index], "[", input) && isPunctuation(tokens[index + 1], "]", input) {
            index += 2
        }
        return index
    }

    // MARK: - Tags

    private func extractTags(_ input: UnsafePointer<UInt8>) -> [CommentTag] {
        var tags: [CommentTag] = []
        for index in comments.sorted() {
            let token = tokens[Int(index)]
            guard token.length >= 4 else { continue }
            let closed = input[Int(token.end) - 1] == UInt8(ascii: "/") && input[Int(token.end) - 2] == UInt8(ascii: "*")
            let bodyEnd = Int(token.end) - (closed ? 2 : 0)
            let body = String(decoding: UnsafeBufferPointer(start: input + Int(token.start) + 2, count: bodyEnd - Int(token.start) - 2), as: UTF8.self)
            for tag in CommentTag.parse(commentBody: body[...]) where !tags.contains(tag) {
                tags.append(tag)
            }
        }
        return tags
    }
}
