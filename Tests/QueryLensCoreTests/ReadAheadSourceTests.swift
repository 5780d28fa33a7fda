import Foundation
@testable import QueryLensCore
import Testing

/// `ReadAheadSource`: another source read on its own thread gives the same bytes, in order,
/// and its error where it happened.
struct ReadAheadSourceTests {
    /// Gives `bytes` in reads of at most `step`, then fails after `failAfter` bytes if set.
    private struct Scripted: ByteSource {
        var bytes: [UInt8]
        var step: Int
        var failAfter: Int?
        var offset = 0

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            if let failAfter, offset >= failAfter { throw InputError(path: "scripted.log.gz", reason: "corrupt gzip data") }
            let count = min(step, buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
            offset += count
            return count
        }
    }

    private func drain(_ source: ReadAheadSource, readSize: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: readSize)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return out }
            out += chunk[0..<count]
        }
    }

    @Test func everyByteComesOutInOrderWhateverTheBlockAndReadSizes() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<100_003).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for (step, blockSize, readSize) in [(1000, 4096, 777), (65536, 1000, 5000), (7, 16, 3)] {
            let source = ReadAheadSource(upstream: Scripted(bytes: bytes, step: step), path: "x", blockSize: blockSize, blocks: 2)
            #expect(try drain(source, readSize: readSize) == bytes, "step \(step), block \(blockSize), read \(readSize)")
        }
    }

    @Test func anUpstreamErrorComesOutAfterTheBytesBeforeIt() throws {
        let bytes = [UInt8](repeating: 0x41, count: 10_000)
        let source = ReadAheadSource(upstream: Scripted(bytes: bytes, step: 1000, failAfter: 3000), path: "x", blockSize: 1000, blocks: 2)
        var read = 0
        var chunk = [UInt8](repeating: 0, count: 512)
        #expect(throws: InputError(path: "scripted.log.gz", reason: "corrupt gzip data")) {
            while true {
                let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if count == 0 { break }
                read += count
            }
        }
        #expect(read == 3000)
    }
}
