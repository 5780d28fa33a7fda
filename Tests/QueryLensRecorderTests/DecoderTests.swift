import NIOCore
import NIOTestUtils
import QueryLensRecorder
import Testing

/// The protocol decoders, fed by SwiftNIO's verifier in every possible split of the input.
@Suite("Protocol decoders")
struct DecoderTests {
    static func startup(_ parameters: [(String, String)]) -> ByteBuffer {
        var body = ByteBuffer()
        body.writeInteger(Int32(196_608))
        for (key, value) in parameters {
            body.writeString(key); body.writeInteger(UInt8(0))
            body.writeString(value); body.writeInteger(UInt8(0))
        }
        body.writeInteger(UInt8(0))
        var message = ByteBuffer()
        message.writeInteger(Int32(body.readableBytes + 4))
        message.writeBuffer(&body)
        return message
    }

    static func typed(_ type: Character, _ write: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var body = ByteBuffer()
        write(&body)
        var message = ByteBuffer()
        message.writeInteger(type.asciiValue ?? 0)
        message.writeInteger(Int32(body.readableBytes + 4))
        message.writeBuffer(&body)
        return message
    }

    static func cString(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeString(text)
        buffer.writeInteger(UInt8(0))
    }

    /// The startup phase is stateful (one StartupMessage per connection), so it is split at
    /// every byte by hand; the typed messages go through SwiftNIO's verifier below.
    @Test func startupPhaseSplitAtEveryByte() throws {
        var stream = ByteBuffer()
        var ssl = ByteBuffer()
        ssl.writeInteger(Int32(8)); ssl.writeInteger(Int32(80_877_103))
        stream.writeBuffer(&ssl)
        var startup = Self.startup([("user", "app"), ("database", "shop"), ("application_name", "web")])
        stream.writeBuffer(&startup)
        var query = Self.typed("Q") { Self.cString("SELECT 1", into: &$0) }
        stream.writeBuffer(&query)
        let expected: [FrontendMessage] = [
            .sslRequest, .startup(version: 196_608, parameters: ["user": "app", "database": "shop", "application_name": "web"]), .query("SELECT 1"),
        ]
        let bytes = Array(stream.readableBytesView)
        for split in 0...bytes.count {
            var decoder = FrontendDecoder()
            var buffer = ByteBuffer()
            var decoded: [FrontendMessage] = []
            for chunk in [bytes[..<split], bytes[split...]] {
                buffer.writeBytes(chunk)
                while let message = try decoder.decode(buffer: &buffer) { decoded.append(message) }
            }
            #expect(decoded == expected, "split at \(split)")
        }
    }

    @Test func frontendMessagesSplitAtEveryByte() throws {
        var stream = ByteBuffer()
        var password = Self.typed("p") { Self.cString("secret", into: &$0) }
        stream.writeBuffer(&password)
        var query = Self.typed("Q") { Self.cString("SELECT 1; SELECT 2", into: &$0) }
        stream.writeBuffer(&query)
        var parse = Self.typed("P") { body in
            Self.cString("s1", into: &body); Self.cString("SELECT * FROM t WHERE id = $1", into: &body); body.writeInteger(Int16(0))
        }
        stream.writeBuffer(&parse)
        var bind = Self.typed("B") { body in
            Self.cString("", into: &body); Self.cString("s1", into: &body)
            body.writeInteger(Int16(1)); body.writeInteger(Int16(0))          // all parameters in text
            body.writeInteger(Int16(2))
            body.writeInteger(Int32(2)); body.writeString("42")
            body.writeInteger(Int32(-1))                                      // NULL
            body.writeInteger(Int16(0))
        }
        stream.writeBuffer(&bind)
        var execute = Self.typed("E") { body in Self.cString("", into: &body); body.writeInteger(Int32(0)) }
        stream.writeBuffer(&execute)
        var sync = Self.typed("S") { _ in }
        stream.writeBuffer(&sync)

        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(stream, [
                .other(UInt8(ascii: "p")), .query("SELECT 1; SELECT 2"),
                .parse(statement: "s1", query: "SELECT * FROM t WHERE id = $1"),
                .bind(portal: "", statement: "s1", parameters: ["42", nil]), .execute(portal: ""), .sync,
            ])],
            decoderFactory: { FrontendDecoder(afterStartup: true) })
    }

    @Test func backendMessagesSplitAtEveryByte() throws {
        var stream = ByteBuffer()
        var complete = Self.typed("C") { Self.cString("SELECT 5", into: &$0) }
        stream.writeBuffer(&complete)
        var error = Self.typed("E") { body in
            body.writeString("S"); Self.cString("ERROR", into: &body)
            body.writeString("C"); Self.cString("42P01", into: &body)
            body.writeString("M"); Self.cString("relation \"x\" does not exist", into: &body)
            body.writeInteger(UInt8(0))
        }
        stream.writeBuffer(&error)
        var ready = Self.typed("Z") { $0.writeString("I") }
        stream.writeBuffer(&ready)
        var row = Self.typed("D") { $0.writeInteger(Int16(0)) }
        stream.writeBuffer(&row)
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(stream, [
                .commandComplete(tag: "SELECT 5"), .error(code: "42P01", message: "relation \"x\" does not exist"),
                .readyForQuery(status: UInt8(ascii: "I")), .other(UInt8(ascii: "D")),
            ])],
            decoderFactory: { BackendDecoder() })
    }

    @Test func directTLSAndCorruptLengthsAreReported() throws {
        var decoder = FrontendDecoder()
        var tls = ByteBuffer(bytes: [0x16, 0x03, 0x01, 0x00, 0x10])
        #expect(try decoder.decode(buffer: &tls) == .directTLS)
        var corrupt = ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x02, 0x00, 0x00])
        #expect(throws: RecorderError.self) { try FrontendDecoder().decodeOnce(&corrupt) }
    }
}

extension FrontendDecoder {
    func decodeOnce(_ buffer: inout ByteBuffer) throws -> FrontendMessage? {
        var copy = self
        return try copy.decode(buffer: &buffer)
    }
}

