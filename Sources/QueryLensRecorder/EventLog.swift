import Foundation
import NIOConcurrencyHelpers
import QueryLensCore

/// Where recorded events go: QueryLens JSONL, written by many connections at once, buffered,
/// and flushed on `close()` so that a stopped recorder loses nothing it recorded.
public final class EventLog: @unchecked Sendable {
    private let lock = NIOLock()
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var closed = false
    private let showValues: Bool
    private var written = 0
    /// Events recorded so far; safe to read from any thread (the live count on a terminal).
    public var count: Int { lock.withLock { written } }

    /// `path` `-` writes to standard output. Parameter values are kept (`showValues`) because
    /// the recording is the user's own data for `analyze`, not a report.
    public init(path: String, showValues: Bool = true) throws {
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil), let opened = FileHandle(forWritingAtPath: path) else {
                throw InputError(path: path, reason: "cannot create the output file")
            }
            handle = opened
        }
        self.showValues = showValues
    }

    public func record(_ event: QueryEvent) {
        lock.withLock {
            guard !closed else { return }
            // Written into the buffer under the lock: no line of its own to allocate.
            JSONLWriter.append(event, showValues: showValues, to: &buffer)
            buffer.append(0x0A)
            written += 1
            if buffer.count >= 1 << 16 { flushLocked() }
        }
    }

    public func flush() { lock.withLock { flushLocked() } }

    public func close() {
        lock.withLock {
            flushLocked()
            closed = true
            if handle !== FileHandle.standardOutput { try? handle.close() }
        }
    }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
