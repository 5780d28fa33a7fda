import NIOCore

/// Decodes what the server sends (always typed: the proxy answers SSLRequest itself, so the
/// one-byte SSL answer never comes from the upstream).
public struct BackendDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = BackendMessage

    public init() {}

    public mutating func decode(buffer: inout ByteBuffer) throws -> BackendMessage? {
        guard buffer.readableBytes >= 5, let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 1, as: Int32.self)
        else { return nil }
        guard length >= 4, Int(length) <= FrontendDecoder.maximumLength else { throw RecorderError.malformed("server message \(type) of length \(length)") }
        guard buffer.readableBytes >= Int(length) + 1 else { return nil }
        buffer.moveReaderIndex(forwardBy: 5)
        guard var body = buffer.readSlice(length: Int(length) - 4) else { return nil }
        switch type {
        case UInt8(ascii: "C"):
            return .commandComplete(tag: body.readCString() ?? "")
        case UInt8(ascii: "I"):
            return .emptyQuery
        case UInt8(ascii: "s"):
            return .portalSuspended
        case UInt8(ascii: "E"):
            var code = ""
            var message = ""
            while let field = body.readInteger(as: UInt8.self), field != 0 {
                let value = body.readCString() ?? ""
                if field == UInt8(ascii: "C") { code = value }
                if field == UInt8(ascii: "M") { message = value }
            }
            return .error(code: code, message: message)
        case UInt8(ascii: "Z"):
            return .readyForQuery(status: body.readInteger(as: UInt8.self) ?? 0)
        default:
            return .other(type)
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> BackendMessage? {
        try decode(buffer: &buffer)
    }
}
