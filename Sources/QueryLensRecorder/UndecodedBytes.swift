import NIOCore

/// What one direction of a connection has read but not yet decoded. Reads usually end on a
/// message boundary, so most of the time this holds nothing: a read's own storage is shared
/// (not copied) while it is decoded and let go as soon as it is, so that the event loop's
/// pooled receive buffer is free again for the next read instead of a new one being allocated.
struct UndecodedBytes {
    private var bytes: ByteBuffer?

    var isEmpty: Bool { bytes.map { $0.readableBytes == 0 } ?? true }

    /// Adds what was read; shares its storage when nothing is left over from before.
    mutating func take(_ read: ByteBuffer) {
        guard var held = bytes, held.readableBytes > 0 else {
            bytes = read
            return
        }
        bytes = nil  // `held` is the only reference: appending does not copy it first.
        var copy = read
        held.writeBuffer(&copy)
        bytes = held
    }

    /// Decodes every whole message; a partial one stays for the next read.
    mutating func decode<Decoder: NIOSingleStepByteToMessageDecoder>(
        with decoder: inout Decoder, _ each: (Decoder.InboundOut) -> Void
    ) throws {
        guard var buffer = bytes else { return }
        bytes = nil
        while let message = try decoder.decode(buffer: &buffer) { each(message) }
        if buffer.readableBytes > 0 {
            if buffer.readerIndex > 1 << 16 { buffer.discardReadBytes() }
            bytes = buffer
        }
    }
}
