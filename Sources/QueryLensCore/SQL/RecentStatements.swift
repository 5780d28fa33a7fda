#if canImport(Glibc)
import Glibc
#endif

/// What `Normalizer.fingerprintTagsAndValues` gave for texts seen recently. Drivers and ORMs
/// that bind parameters send one text again and again (extended-protocol statements repeat
/// byte for byte), and comparing the text costs far less than lexing it. Direct-mapped: a
/// slot chosen from the length and a few sampled words holds the last text that fell there,
/// so a log whose texts never repeat (values inline) pays one comparison per statement.
struct RecentStatements {
    typealias Result = (fingerprint: Fingerprint, tags: [CommentTag], values: UInt64, bindsParameters: Bool)

    private static let slots = 1024
    private var texts: [String?] = Array(repeating: nil, count: slots)
    private var results: [Result?] = Array(repeating: nil, count: slots)

    /// The remembered result for `bytes` (the UTF-8 of a statement), with its slot either way.
    func lookUp(_ bytes: UnsafeRawBufferPointer) -> (result: Result?, slot: Int) {
        let slot = Self.slot(bytes)
        guard let text = texts[slot], text.utf8.count == bytes.count, let base = bytes.baseAddress else { return (nil, slot) }
        let same = text.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, base, bytes.count) == 0 } ?? false
        return (same ? results[slot] : nil, slot)
    }

    mutating func remember(_ text: String, _ result: Result, slot: Int) {
        texts[slot] = text
        results[slot] = result
    }

    /// Length, and the first, middle and last eight bytes (loaded unaligned), mixed.
    static func slot(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        if bytes.count >= 8 {
            for offset in [0, (bytes.count - 8) / 2, bytes.count - 8] {
                hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            }
        } else {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0xFF51_AFD7_ED55_8CCD }
        }
        return Int(truncatingIfNeeded: (hash ^ (hash >> 29)) % UInt64(slots))
    }
}
