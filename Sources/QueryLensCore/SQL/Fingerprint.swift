/// A 64-bit name for "the same statement": equal for statements that differ only in literal
/// values, list lengths, keyword case, whitespace, comments and identifier quoting.
///
/// Deterministic across runs, processes and machines: it is computed by `FingerprintHasher`
/// (documented in docs/fingerprint.md), never by Swift's per-process seeded `Hasher`. When the
/// algorithm or the keyword list changes, `version` changes, and stored baselines know to
/// re-fingerprint.
public struct Fingerprint: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Version of the fingerprint algorithm; part of every report and baseline.
    public static let version = 1

    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Sixteen lowercase hex digits, zero-padded.
    public var description: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public init?(hex: String) {
        guard hex.utf8.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        self.value = value
    }

    public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool { lhs.value < rhs.value }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Fingerprint(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 16-digit hex fingerprint: \(text)")
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The fingerprint's hash function: 8 bytes at a time, each word mixed by xor, rotate and a
/// multiplication, finished with the SplitMix64 finalizer. Words are assembled byte by byte
/// (little-endian by construction), so the result does not depend on the machine.
struct FingerprintHasher {
    private var state: UInt64 = 0x5155_4552_594C_454E  // "QUERYLEN"

    @inline(__always)
    mutating func mix(_ word: UInt64) {
        state = ((state ^ word) &<< 27 | (state ^ word) &>> 37) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Mixes a tag (token class and length) and then the bytes, 8 at a time, lower-casing
    /// ASCII letters when asked, so `Books` and `books` hash alike without a lowercase copy.
    /// `readable` is how many bytes may be read from `bytes` (at least `count`).
    @inline(__always)
    mutating func mix(tag: UInt8, bytes: UnsafePointer<UInt8>, count: Int, readable: Int, foldCase: Bool) {
        mix(UInt64(tag) << 56 | UInt64(truncatingIfNeeded: count))
        var offset = 0
        while offset < count {
            let word = ByteWords.load(bytes + offset, count: count - offset, readable: readable - offset)
            mix(foldCase ? ByteWords.foldingCase(word) : word)
            offset += 8
        }
    }

    func finish() -> Fingerprint {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Fingerprint(z ^ (z >> 31))
    }
}
