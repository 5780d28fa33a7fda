/// Events handed from a reader thread to the analysis: moved in by the reader, moved out by
/// the analysis, never copied. Copying an event retains its strings, and those counts would
/// be shared by two threads (their cache lines bouncing between cores); an array's elements
/// cannot be moved out in order, so the batch keeps them in its own storage.
final class EventBatch: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<QueryEvent>
    let capacity: Int
    /// Events put in, and how many of them were taken out (the first `taken`).
    private(set) var count = 0
    private var taken = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        (storage + taken).deinitialize(count: count - taken)
        storage.deallocate()
    }

    var isFull: Bool { count == capacity }

    func append(_ event: consuming QueryEvent) {
        precondition(count < capacity)
        (storage + count).initialize(to: event)
        count += 1
    }

    /// The next event in order, moved out; `nil` when all were taken.
    func takeNext() -> QueryEvent? {
        guard taken < count else { return nil }
        taken += 1
        return (storage + taken - 1).move()
    }
}
