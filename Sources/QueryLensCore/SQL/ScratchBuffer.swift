/// A reusable, growable buffer of plain values for the hot path: no bounds checks, no
/// copy-on-write checks, no reference counting per element. Its owner sizes it for the worst
/// case before filling it (a statement of n bytes has at most n tokens), so writes need no
/// capacity check either. Not thread-safe: one owner at a time.
final class ScratchBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Empties the buffer and makes room for `minimumCapacity` elements.
    @inline(__always)
    func reset(minimumCapacity: Int) {
        count = 0
        if minimumCapacity > capacity {
            base.deallocate()
            capacity = max(minimumCapacity, capacity * 2)
            base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        }
    }

    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}
