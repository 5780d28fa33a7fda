import Foundation

/// Reads another source on a thread of its own, a few blocks ahead of whoever reads this one,
/// so that inflating a `.gz` input overlaps with cutting and reading its lines. The bytes come
/// out unchanged and in order, an upstream error where it happened; memory is at most
/// `blocks` blocks. Dropping the source stops its thread at its next block.
final class ReadAheadSource: ByteSource {
    private enum Block: Sendable {
        case bytes([UInt8])
        case failed(InputError)
    }

    /// The upstream, handed to the read-ahead thread, which alone uses it from then on.
    private final class Handover: @unchecked Sendable {
        var source: any ByteSource
        init(_ source: any ByteSource) { self.source = source }
    }

    private let queue: BoundedQueue<Block>
    private var current: [UInt8] = []
    private var offset = 0

    init(upstream: any ByteSource, path: String, blockSize: Int = 1 << 20, blocks: Int = 4) {
        let queue = BoundedQueue<Block>(capacity: blocks)
        self.queue = queue
        let handover = Handover(upstream)
        let thread = Thread {
            defer { queue.close() }
            do {
                while true {
                    var block = [UInt8](repeating: 0, count: blockSize)
                    let count = try block.withUnsafeMutableBytes { try handover.source.read(into: $0) }
                    if count == 0 { return }
                    block.removeSubrange(count...)
                    if !queue.put(.bytes(block)) { return }
                }
            } catch let error as InputError {
                queue.put(.failed(error))
            } catch {
                queue.put(.failed(InputError(path: path, reason: "\(error)")))
            }
        }
        thread.name = "querylens-read-ahead"
        thread.start()
    }

    deinit { queue.close() }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while offset == current.count {
            switch queue.take() {
            case .bytes(let block)?:
                current = block
                offset = 0
            case .failed(let error)?:
                throw error
            case nil:
                return 0
            }
        }
        let count = min(buffer.count, current.count - offset)
        current.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
        offset += count
        return count
    }
}
