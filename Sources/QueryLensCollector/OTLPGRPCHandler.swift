import Foundation
import NIOCore
import NIOHTTP1
import QueryLensCore

/// OTLP/gRPC's one unary call, `TraceService/Export`, on one HTTP/2 stream (seen through
/// `HTTP2FramePayloadToHTTP1ServerCodec` as an HTTP request), without a gRPC library: a gRPC
/// message is a 5-byte prefix (compressed flag, big-endian length) and the protobuf bytes, and
/// the status travels in the trailers.
///
/// Status codes as the OTLP specification maps them: 0 OK (with `partial_success` when spans
/// were rejected), 3 INVALID_ARGUMENT for a body that is not an export request (not retried),
/// 14 UNAVAILABLE at the open-trace limit (retried by exporters, with back-off), 8
/// RESOURCE_EXHAUSTED for a message over the size limit, 12 UNIMPLEMENTED for other methods.
final class OTLPGRPCHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let exportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"

    private let receiver: TraceReceiver
    private var head: HTTPRequestHead?
    /// One message: its 5-byte prefix and at most the body limit.
    private var body: RequestBody

    init(receiver: TraceReceiver) {
        self.receiver = receiver
        body = RequestBody(limit: receiver.options.maximumBodyBytes + 5)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.start(declaredLength: nil)
        case .body(var chunk):
            body.append(&chunk)
        case .end:
            guard let request = head else { return }
            head = nil
            respond(context, call(request))
        }
    }

    /// The response message (nil on error), the gRPC status and its message.
    private func call(_ request: HTTPRequestHead) -> (message: [UInt8]?, status: Int, text: String) {
        guard request.method == .POST, request.uri == Self.exportPath else {
            return (nil, 12, "only \(Self.exportPath) is served")
        }
        guard !body.tooLarge else { return (nil, 8, "message larger than \(receiver.options.maximumBodyBytes) bytes") }
        guard let compressed = body.buffer.readInteger(as: UInt8.self), let length = body.buffer.readInteger(as: UInt32.self),
            let message = body.buffer.readBytes(length: Int(length)), body.buffer.readableBytes == 0
        else {
            return (nil, 3, "not one length-prefixed gRPC message")
        }
        let encoding = request.headers.first(name: "grpc-encoding") ?? "identity"
        guard compressed == 0 || encoding == "gzip" else { return (nil, 12, "grpc-encoding \(encoding) is not supported; use gzip or identity") }
        switch receiver.receive(message, protobuf: true, gzip: compressed == 1, now: OTLPServer.now()) {
        case .accepted(let rejected):
            let response = OTLPResponses.success(rejectedSpans: rejected, message: rejected > 0 ? "\(rejected) spans had no trace id" : nil, encoding: .protobuf)
            return (response, 0, "")
        case .busy:
            return (nil, 14, "too many open traces; retry later")
        case .malformed(let reason):
            return (nil, 3, reason)
        }
    }

    private func respond(_ context: ChannelHandlerContext, _ answer: (message: [UInt8]?, status: Int, text: String)) {
        let headers = HTTPHeaders([("content-type", "application/grpc+proto"), ("grpc-accept-encoding", "gzip")])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http2, status: .ok, headers: headers))), promise: nil)
        if let message = answer.message {
            var frame = context.channel.allocator.buffer(capacity: message.count + 5)
            frame.writeInteger(UInt8(0))
            frame.writeInteger(UInt32(message.count))
            frame.writeBytes(message)
            context.write(wrapOutboundOut(.body(.byteBuffer(frame))), promise: nil)
        }
        var trailers = HTTPHeaders([("grpc-status", String(answer.status))])
        if !answer.text.isEmpty { trailers.add(name: "grpc-message", value: Self.percentEncoded(answer.text)) }
        context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
    }

    /// `grpc-message` is percent-encoded outside printable ASCII.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != 0x25 {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(format: "%02X", byte)
            }
        }
        return out
    }
}
