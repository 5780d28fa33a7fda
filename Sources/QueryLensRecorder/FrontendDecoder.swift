import NIOCore

/// Decodes what a client sends: first the untyped startup-phase messages (StartupMessage,
/// SSLRequest, GSSENCRequest, CancelRequest), then typed messages. Messages larger than
/// `maximumLength` (a corrupt stream) stop decoding; the proxy goes on forwarding.
public struct FrontendDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = FrontendMessage
    public static let maximumLength = 1 << 30

    private var startupDone: Bool

    /// `afterStartup`: decode typed messages from the first byte (a stream already past its
    /// StartupMessage).
    public init(afterStartup: Bool = false) {
        startupDone = afterStartup
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> FrontendMessage? {
        if !startupDone {
            guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
            if first == 0x16 {
                buffer.moveReaderIndex(to: buffer.writerIndex)
                return .directTLS
            }
            guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
            guard length >= 8, Int(length) <= Self.maximumLength else { throw RecorderError.malformed("startup message of length \(length)") }
            guard buffer.readableBytes >= Int(length), var message = buffer.readSlice(length: Int(length)) else { return nil }
            message.moveReaderIndex(forwardBy: 4)
            let code = message.readInteger(as: Int32.self) ?? 0
            switch code {
            case 80_877_103: return .sslRequest
            case 80_877_104: return .gssEncryptionRequest
            case 80_877_102:
                message.moveReaderIndex(to: 0)
                return .cancel(message)
            default:
                startupDone = true
                var parameters: [String: String] = [:]
                while let key = message.readCString(), !key.isEmpty, let value = message.readCString() { parameters[key] = value }
                return .startup(version: code, parameters: parameters)
            }
        }
        guard buffer.readableBytes >= 5, let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 1, as: Int32.self)
        else { return nil }
        guard length >= 4, Int(length) <= Self.maximumLength else { throw RecorderError.malformed("message \(type) of length \(length)") }
        guard buffer.readableBytes >= Int(length) + 1 else { return nil }
        buffer.moveReaderIndex(forwardBy: 5)
        guard var body = buffer.readSlice(length: Int(length) - 4) else { return nil }
        switch type {
        case UInt8(ascii: "Q"):
            return .query(body.readCString() ?? "")
        case UInt8(ascii: "P"):
            let statement = body.readCString() ?? ""
            return .parse(statement: statement, query: body.readCString() ?? "")
        case UInt8(ascii: "B"):
            let portal = body.readCString() ?? ""
            let statement = body.readCString() ?? ""
            let formatCount = Int(body.readInteger(as: Int16.self) ?? 0)
            let formats = (0..<max(0, formatCount)).map { _ in body.readInteger(as: Int16.self) ?? 0 }
            let count = Int(body.readInteger(as: Int16.self) ?? 0)
            var parameters: [String?] = []
            for index in 0..<max(0, count) {
                let size = body.readInteger(as: Int32.self) ?? -1
                guard size >= 0, let bytes = body.readBytes(length: Int(size)) else {
                    parameters.append(nil)
                    continue
                }
                let binary = formats.count == 1 ? formats[0] == 1 : (index < formats.count && formats[index] == 1)
                parameters.append(binary ? Self.binaryValue(bytes) : String(decoding: bytes, as: UTF8.self))
            }
            return .bind(portal: portal, statement: statement, parameters: parameters)
        case UInt8(ascii: "E"):
            return .execute(portal: body.readCString() ?? "")
        case UInt8(ascii: "S"):
            return .sync
        case UInt8(ascii: "C"):
            let kind = body.readInteger(as: UInt8.self) ?? 0
            return .close(kind: kind, name: body.readCString() ?? "")
        case UInt8(ascii: "X"):
            return .terminate
        default:
            // Password and SASL messages ('p') are never looked into.
            return .other(type)
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> FrontendMessage? {
        try decode(buffer: &buffer)
    }

    /// Binary parameters: 4- and 8-byte integers as numbers (the common case of ids), the rest
    /// as `\x` hex.
    static func binaryValue(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return String(bytes.reduce(Int32(0)) { $0 << 8 | Int32($1) }) }
        if bytes.count == 8 { return String(bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }) }
        return "\\x" + bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}

public enum RecorderError: Error, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let what): return "malformed protocol stream: \(what)"
        }
    }
}
