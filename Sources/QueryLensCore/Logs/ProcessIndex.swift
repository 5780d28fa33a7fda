/// Maps a server process id to a dense index (0, 1, 2, ...) with one multiplication and a
/// probe or two: the per-line state lookups of the PostgreSQL readers would otherwise hash
/// every pid with SipHash through `Dictionary`, which dominated their profile.
struct ProcessIndex {
    private var keys: [Int] = Array(repeating: .min, count: 64)
    private var values: [Int32] = Array(repeating: 0, count: 64)
    private(set) var count = 0

    /// The index of `process`, assigning the next one when it is new.
    @inline(__always)
    mutating func index(of process: Int) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(process)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            let key = keys[slot]
            if key == process { return Int(values[slot]) }
            if key == .min {
                keys[slot] = process
                values[slot] = Int32(count)
                count += 1
                if count * 2 > keys.count { grow() }
                return count - 1
            }
            slot = (slot + 1) & mask
        }
    }

    /// Every known process with its index.
    var all: [(process: Int, index: Int)] {
        zip(keys, values).filter { $0.0 != .min }.map { ($0.0, Int($0.1)) }
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 != .min }
        keys = Array(repeating: .min, count: keys.count * 2)
        values = Array(repeating: 0, count: keys.count)
        let mask = keys.count - 1
        for (key, value) in old {
            var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while keys[slot] != .min { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }
}
