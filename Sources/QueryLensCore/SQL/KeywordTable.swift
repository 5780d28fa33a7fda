/// Finds a keyword by its spelling without building a string: a word of at most 24 bytes is
/// packed, lower-cased, into three integers and looked up in a fixed open-addressing table.
/// The lexer calls this for every word, so it must cost a few multiplications, not a `String`
/// hash.
/// The slots live in one allocation made once and never freed, so copying the table into the
/// lexer costs no reference counting.
struct KeywordTable: @unchecked Sendable {
    static let shared = KeywordTable()
    /// The longest keyword (`current_timestamp`); longer words skip the lookup.
    static let maximumLength = 17

    private struct Slot: Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var extra: UInt64 = 0
        var keyword: Keyword = .none
    }

    private static let slotBits = 9
    private static let slotCount = 1 << slotBits
    private let slots: UnsafeMutablePointer<Slot>

    private init() {
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: Self.slotCount)
        slots.initialize(repeating: Slot(), count: Self.slotCount)
        for keyword in Keyword.allCases where keyword != .none {
            var packed = PackedWord()
            for byte in keyword.text.utf8 { packed.append(byte) }
            var index = Self.slotIndex(packed.low, packed.high ^ packed.extra)
            while slots[index].keyword != .none { index = (index + 1) & (Self.slotCount - 1) }
            slots[index] = Slot(low: packed.low, high: packed.high, extra: packed.extra, keyword: keyword)
        }
    }

    @inline(__always)
    private static func slotIndex(_ low: UInt64, _ high: UInt64) -> Int {
        let mixed = (low ^ (high &* 0x2545_F491_4F6C_DD1D)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> UInt64(64 - slotBits))
    }

    @inline(__always)
    func lookup(_ word: PackedWord) -> Keyword {
        var index = Self.slotIndex(word.low, word.high ^ word.extra)
        while true {
            let slot = slots[index]
            if slot.keyword == .none { return .none }
            if slot.low == word.low && slot.high == word.high && slot.extra == word.extra { return slot.keyword }
            index = (index + 1) & (Self.slotCount - 1)
        }
    }
}

/// The first 24 bytes of a word, ASCII letters lower-cased, packed little-endian.
struct PackedWord: Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var extra: UInt64 = 0
    var count = 0

    init() {}

    /// Packs `count` (at most 24) bytes, lower-cased, reading at most `readable` bytes.
    @inline(__always)
    init(_ bytes: UnsafePointer<UInt8>, count: Int, readable: Int) {
        self.count = count
        low = ByteWords.foldingCase(ByteWords.load(bytes, count: count, readable: readable))
        if count > 8 { high = ByteWords.foldingCase(ByteWords.load(bytes + 8, count: count - 8, readable: readable - 8)) }
        if count > 16 { extra = ByteWords.foldingCase(ByteWords.load(bytes + 16, count: count - 16, readable: readable - 16)) }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        let folded = UInt64(byte &- 0x41 < 26 ? byte | 0x20 : byte)
        if count < 8 {
            low |= folded << UInt64(count * 8)
        } else if count < 16 {
            high |= folded << UInt64((count - 8) * 8)
        } else if count < 24 {
            extra |= folded << UInt64((count - 16) * 8)
        }
        count &+= 1
    }
}
