#if canImport(Glibc)
import Glibc
#endif

/// Cuts a byte stream into lines with one `memchr` per line, in large blocks, without copying
/// lines that fit in the block. A line longer than the block grows it, up to
/// `maximumLineLength`; a longer line is skipped (reported through `onOverlongLine`) so that
/// a corrupt file cannot exhaust memory.
public struct LineSplitter {
    public static let blockSize = 1 << 20
    public static let maximumLineLength = 64 << 20

    public init() {}

    /// Calls `body` with each line (no `\n`, no trailing `\r`), its 1-based number, and the
    /// first byte of the next line when it is already in the block (`nil` when not known).
    /// Returns the number of lines.
    @discardableResult
    public func forEachLine(
        in source: inout some ByteSource,
        onOverlongLine: (Int) -> Void = { _ in },
        _ body: (UnsafeRawBufferPointer, Int, UInt8?) throws -> Void
    ) throws -> Int {
        var capacity = Self.blockSize
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        var lineNumber = 0
        var discarding = false
        while true {
            if filled == capacity {
                if capacity >= Self.maximumLineLength {
                    // Drop the overlong line's bytes so far and skip until its end.
                    if !discarding { onOverlongLine(lineNumber + 1) }
                    discarding = true
                    filled = 0
                } else {
                    let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * 2, alignment: 16)
                    grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
                    buffer.deallocate()
                    buffer = grown
                    capacity *= 2
                }
            }
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<capacity]))
            let end = filled + count
            guard let base = buffer.baseAddress else { return lineNumber }
            var start = 0
            var scanFrom = filled
            while scanFrom < end, let found = memchr(base + scanFrom, 0x0A, end - scanFrom) {
                let newline = base.distance(to: found)
                lineNumber += 1
                if discarding {
                    discarding = false
                } else {
                    let next: UInt8? = newline + 1 < end ? base.load(fromByteOffset: newline + 1, as: UInt8.self) : (count == 0 ? 0x0A : nil)
                    try body(Self.trimmed(base, start, newline), lineNumber, next)
                }
                start = newline + 1
                scanFrom = start
            }
            if count == 0 {
                if start < end && !discarding {
                    lineNumber += 1
                    try body(Self.trimmed(base, start, end), lineNumber, 0x0A)
                }
                return lineNumber
            }
            // Keep the unfinished line at the front of the block.
            if start > 0 {
                (base + 0).copyMemory(from: base + start, byteCount: end - start)
            }
            filled = end - start
            if capacity > Self.blockSize && filled < Self.blockSize / 2 && !discarding {
                let shrunk = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.blockSize, alignment: 16)
                shrunk.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
                buffer.deallocate()
                buffer = shrunk
                capacity = Self.blockSize
            }
        }
    }

    @inline(__always)
    private static func trimmed(_ base: UnsafeMutableRawPointer, _ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        var stop = end
        if stop > start && base.load(fromByteOffset: stop - 1, as: UInt8.self) == 0x0D { stop -= 1 }
        return UnsafeRawBufferPointer(start: base + start, count: stop - start)
    }
}
