import Foundation

/// A first-in, first-out queue from one thread to another that holds at most `capacity`
/// elements: the producer waits while it is full, so memory stays bounded however far ahead
/// the producer could run, and the consumer waits while it is empty. `close()` wakes both:
/// from then on puts are refused, and takes return what is left, then `nil`.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var elements: [Element?] = []
    private var head = 0
    private let capacity: Int
    private var closed = false

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Waits for room; `false` when the queue was closed (the element is dropped).
    @discardableResult
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed && elements.count - head >= capacity { condition.wait() }
        guard !closed else { return false }
        elements.append(element)
        condition.broadcast()
        return true
    }

    /// Waits for an element; `nil` once the queue is closed and empty.
    func take() -> Element? {
        take(waiting: true)
    }

    /// An element if one is there, without waiting.
    func takeIfAny() -> Element? {
        take(waiting: false)
    }

    /// Waits for an element at most `seconds`; `nil` when none came or the queue is closed and empty.
    func take(waitingAtMost seconds: Double) -> Element? {
        take(waiting: true, until: Date(timeIntervalSinceNow: seconds))
    }

    private func take(waiting: Bool, until deadline: Date? = nil) -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while waiting && head == elements.count && !closed {
            if let deadline {
                if !condition.wait(until: deadline) { break }
            } else {
                condition.wait()
            }
        }
        guard head < elements.count else { return nil }
        let element = elements[head].take()
        head += 1
        if head >= capacity {
            // Taken slots are dropped in bulk: the array never holds more than twice the capacity.
            elements.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return element
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
