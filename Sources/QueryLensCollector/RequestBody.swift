import NIOCore

/// A request body gathered chunk by chunk, up to a limit: past it the bytes are dropped as they
/// come and the request is only marked too large, so an oversized export never sits in memory.
struct RequestBody {
    let limit: Int
    var buffer = ByteBuffer()
    private(set) var tooLarge = false

    init(limit: Int) {
        self.limit = limit
    }

    /// A new request; `declaredLength` (Content-Length) can tell before any byte arrives.
    mutating func start(declaredLength: Int?) {
        buffer.clear()
        tooLarge = (declaredLength ?? 0) > limit
    }

    mutating func append(_ chunk: inout ByteBuffer) {
        guard !tooLarge else { return }
        if buffer.readableBytes + chunk.readableBytes > limit {
            tooLarge = true
            buffer.clear()
        } else {
            buffer.writeBuffer(&chunk)
        }
    }
}
