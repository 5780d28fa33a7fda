#if canImport(Glibc)
import Glibc
#endif

/// The few byte-level operations the readers share: every reader works on the raw line bytes
/// and makes a `String` only of what an event keeps.
extension UnsafeRawBufferPointer {
    @inline(__always)
    func byte(_ index: Int) -> UInt8 { index < count ? self[index] : 0 }

    /// Offset of the first `byte` in `from..<to` (memchr).
    func firstOffset(of byte: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, to <= count, let base = baseAddress, let found = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Offset of the first occurrence of `needle` at or after `from`.
    func firstOffset(of needle: StaticString, from: Int = 0) -> Int? {
        firstOffset(of: UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount), from: from)
    }

    func firstOffset(of needle: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        guard from <= count, let base = baseAddress, let needleBase = needle.baseAddress, needle.count > 0 else { return nil }
        let first = Int32(needle[0])
        var index = from
        let last = count - needle.count
        // memchr for the first byte, memcmp for the rest: glibc's memmem is not visible to Swift.
        while index <= last, let found = memchr(base + index, first, last - index + 1) {
            let offset = base.distance(to: UnsafeRawPointer(found))
            if memcmp(found, needleBase, needle.count) == 0 { return offset }
            index = offset + 1
        }
        return nil
    }

    /// Offset of the last occurrence of `needle`.
    func lastOffset(of needle: StaticString) -> Int? {
        var found: Int?
        var from = 0
        while let offset = firstOffset(of: needle, from: from) {
            found = offset
            from = offset + 1
        }
        return found
    }

    func hasPrefix(_ prefix: StaticString, at offset: Int = 0) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard offset + length <= count, let base = baseAddress else { return false }
        return memcmp(base + offset, prefix.utf8Start, length) == 0
    }

    /// ASCII case-insensitive prefix test (`Parameters:` and `parameters:`).
    func hasPrefixIgnoringCase(_ prefix: StaticString, at offset: Int = 0) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard offset + length <= count else { return false }
        for index in 0..<length where self[offset + index] | 0x20 != prefix.utf8Start[index] | 0x20 {
            return false
        }
        return true
    }

    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[range.clamped(to: 0..<count)])
    }

    func slice(from start: Int) -> UnsafeRawBufferPointer { slice(start..<count) }

    /// The bytes as a `String`; invalid UTF-8 becomes U+FFFD rather than an error.
    var string: String { String(decoding: self, as: UTF8.self) }

    /// Without leading and trailing spaces and tabs.
    var trimmed: UnsafeRawBufferPointer {
        var start = 0
        var end = count
        while start < end && (self[start] == 0x20 || self[start] == 0x09) { start += 1 }
        while end > start && (self[end - 1] == 0x20 || self[end - 1] == 0x09) { end -= 1 }
        return slice(start..<end)
    }

    /// Digits at `offset` as an integer, and the offset after them.
    func integer(at offset: Int) -> (value: Int, end: Int)? {
        var index = offset
        var value = 0
        while index < count, self[index] &- 0x30 < 10, index &- offset < 18 {
            value = value &* 10 &+ Int(self[index] &- 0x30)
            index &+= 1
        }
        return index > offset ? (value, index) : nil
    }

    /// All the bytes as a decimal `Int64` (`-42`, `+7`), read as `Int64(String)` reads them
    /// but without making a string; `nil` when they are not one or it overflows.
    var int64Value: Int64? {
        var index = 0
        let negative = count > 0 && self[0] == UInt8(ascii: "-")
        if count > 0 && (negative || self[0] == UInt8(ascii: "+")) { index = 1 }
        guard index < count else { return nil }
        var value: Int64 = 0
        while index < count {
            let digit = self[index] &- 0x30
            guard digit < 10 else { return nil }
            // Built on the side of its sign, so that Int64.min can be read.
            let (shifted, shiftOverflow) = value.multipliedReportingOverflow(by: 10)
            let (next, addOverflow) = negative ? shifted.subtractingReportingOverflow(Int64(digit)) : shifted.addingReportingOverflow(Int64(digit))
            guard !shiftOverflow, !addOverflow else { return nil }
            value = next
            index += 1
        }
        return value
    }

    /// A decimal number (`12`, `0.344`) at `offset`, and the offset after it.
    func decimal(at offset: Int) -> (value: Double, end: Int)? {
        guard let (whole, afterWhole) = integer(at: offset) else { return nil }
        guard byte(afterWhole) == UInt8(ascii: "."), let (fraction, end) = integer(at: afterWhole + 1) else {
            return (Double(whole), afterWhole)
        }
        var scale = 1
        for _ in 0..<(end - afterWhole - 1) { scale &*= 10 }
        // One correctly rounded division, so "1.128" reads as the double nearest 1.128.
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow, end - afterWhole - 1 <= 15 else { return (Double(whole) + Double(fraction) / Double(scale), end) }
        return (Double(scaled + fraction) / Double(scale), end)
    }
}
