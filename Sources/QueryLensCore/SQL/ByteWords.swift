/// Eight bytes at a time: the fingerprint hash and the keyword lookup both consume names as
/// little-endian 64-bit words with ASCII letters lower-cased. Loading a whole word and folding
/// its case in a few instructions (SWAR) instead of byte by byte is most of their speed.
/// The words are defined by the bytes, not by the machine: `UInt64(littleEndian:)` makes a
/// big-endian machine compute the same values.
enum ByteWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The first `count` (at most 8) bytes at `bytes` as a little-endian word, zero-padded.
    /// `readable` is how many bytes may be read from `bytes` (at least `count`): with 8 or
    /// more it takes one unaligned load.
    @inline(__always)
    static func load(_ bytes: UnsafePointer<UInt8>, count: Int, readable: Int) -> UInt64 {
        if readable >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
            return count >= 8 ? word : word & ((1 &<< UInt64(count &* 8)) &- 1)
        }
        var word: UInt64 = 0
        for index in 0..<min(count, 8) {
            word |= UInt64(bytes[index]) << UInt64(index * 8)
        }
        return word
    }

    /// Sets bit 0x20 in every byte that is an ASCII capital letter, leaving all others alone.
    @inline(__always)
    static func foldingCase(_ word: UInt64) -> UInt64 {
        let ascii = word & ~highBits
        let atLeastA = (ascii &+ (0x80 - 0x41) &* ones) & highBits
        let aboveZ = (ascii &+ (0x80 - 0x5B) &* ones) & highBits
        let capitals = atLeastA & ~aboveZ & ~word & highBits
        return word | (capitals >> 2)
    }
}
