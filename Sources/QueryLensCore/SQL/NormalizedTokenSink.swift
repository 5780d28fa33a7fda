/// Where the normalization walk sends its tokens. The fast path hashes them as they come
/// (`FingerprintSink`), so a fingerprint costs no second pass and no stored stream; the full
/// path stores them (`StoringSink`) for the text and the shape, then replays them into a
/// `FingerprintSink`. Both see the same tokens, so fingerprints agree by construction.
protocol NormalizedTokenSink {
    mutating func accept(_ token: NormalizedToken)
}

struct StoringSink: NormalizedTokenSink {
    let buffer: ScratchBuffer<NormalizedToken>

    /// The buffer must have room for every token of the statement (`reset` sizes it).
    @inline(__always)
    mutating func accept(_ token: NormalizedToken) {
        buffer.base[buffer.count] = token
        buffer.count += 1
    }
}

/// Hashes normalized tokens into a fingerprint (docs/fingerprint.md, step 3).
struct FingerprintSink: NormalizedTokenSink {
    let input: UnsafePointer<UInt8>
    let inputCount: Int
    let tokens: UnsafePointer<Token>
    private var hasher = FingerprintHasher()

    init(input: UnsafePointer<UInt8>, inputCount: Int, tokens: UnsafePointer<Token>) {
        self.input = input
        self.inputCount = inputCount
        self.tokens = tokens
    }

    var fingerprint: Fingerprint { hasher.finish() }

    @inline(__always)
    mutating func accept(_ token: NormalizedToken) {
        switch token.kind {
        case .keyword:
            hasher.mix(UInt64(token.kind.rawValue) << 56 | UInt64(token.keyword.rawValue))
        case .placeholder, .valueList, .moreRows:
            hasher.mix(UInt64(token.kind.rawValue) << 56)
        case .name:
            let (start, count, quoted) = NormalizedView.nameBytes(tokens[Int(token.source)], input)
            hasher.mix(tag: token.kind.rawValue, bytes: input + start, count: count, readable: inputCount - start, foldCase: !quoted)
        case .operator, .punctuation, .other:
            let raw = tokens[Int(token.source)]
            let start = Int(raw.start)
            hasher.mix(tag: token.kind.rawValue, bytes: input + start, count: raw.length, readable: inputCount - start, foldCase: false)
        }
    }
}
