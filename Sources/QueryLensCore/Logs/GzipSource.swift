import CZlib

/// Inflates a gzip stream (several concatenated members too, as `cat a.gz b.gz` makes) while
/// reading it, so a rotated `.gz` log never needs to be unpacked to disk or memory.
public final class GzipSource: ByteSource {
    private var upstream: any ByteSource
    private let path: String
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var finished = false
    /// A member has started and not yet reached its end: input ending now means truncation.
    private var memberOpen = true

    /// `prefix` holds bytes already read from `upstream` (format sniffing reads ahead).
    public init(upstream: any ByteSource, path: String, prefix: [UInt8] = []) throws {
        self.upstream = upstream
        self.path = path
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1 << 18, prefix.count), alignment: 1)
        prefix.withUnsafeBytes { input.copyMemory(from: $0) }
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw InputError(path: path, reason: "cannot start gzip decompression (zlib status \(status))")
        }
        stream.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = uInt(prefix.count)
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// A whole gzip body inflated in memory (an OTLP request with `Content-Encoding: gzip`);
    /// throws when it is corrupt or inflates beyond `limit` bytes (a zip bomb).
    public static func inflated(_ bytes: [UInt8], limit: Int, name: String) throws -> [UInt8] {
        let source = try GzipSource(upstream: EmptySource(), path: name, prefix: bytes)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return output }
            guard output.count + count <= limit else { throw InputError(path: name, reason: "inflates to more than \(limit) bytes") }
            output += chunk[..<count]
        }
    }

    /// Nothing beyond the prefix.
    private struct EmptySource: ByteSource {
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let base = buffer.baseAddress else { return 0 }
        stream.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out == uInt(buffer.count) {
            if stream.avail_in == 0 {
                let count = try upstream.read(into: input)
                if count == 0 {
                    finished = true
                    if memberOpen { throw InputError(path: path, reason: "truncated or corrupt gzip stream") }
                    break
                }
                stream.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                memberOpen = true
                continue
            case Z_STREAM_END:
                // Another member may follow.
                memberOpen = false
                inflateReset(&stream)
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw InputError(path: path, reason: "corrupt gzip data (\(message))")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}
