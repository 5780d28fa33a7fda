import Foundation
import NIOCore
import NIOHTTP1
import QueryLensCore

/// OTLP/HTTP (OTLP specification, "OTLP/HTTP") and the receiver's own endpoints, for one
/// connection, one request at a time (HTTP/1.1 keep-alive).
///
/// | request | answer |
/// |---|---|
/// | `POST /v1/traces`, `application/x-protobuf` or `application/json`, optionally `Content-Encoding: gzip` | 200 with `ExportTraceServiceResponse` (`partial_success` when spans were rejected); 400 not OTLP; 413 too large; 415 another type; 503 + `Retry-After` at the open-trace limit |
/// | `GET /health` | 200 and the counters, while the process runs (liveness) |
/// | `GET /ready` | 200, or 503 at the open-trace limit (readiness: send elsewhere) |
/// | `GET /report?format=json` | the report so far, in any report format |
///
/// Error bodies are `google.rpc.Status` in the request's encoding, as the specification asks.
final class OTLPHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: OTLPServer
    private var head: HTTPRequestHead?
    private var body: RequestBody

    init(server: OTLPServer) {
        self.server = server
        body = RequestBody(limit: server.receiver.options.maximumBodyBytes)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.start(declaredLength: requestHead.headers.first(name: "content-length").flatMap(Int.init))
        case .body(var chunk):
            body.append(&chunk)
        case .end:
            guard let requestHead = head else { return }
            head = nil
            handle(requestHead, context: context)
        }
    }

    private func handle(_ request: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        switch (request.method, path) {
        case (.POST, "/v1/traces"):
            export(request, context: context)
        case (.GET, "/health"), (.HEAD, "/health"):
            respond(context, request, .ok, type: "application/json", body: statusBody())
        case (.GET, "/ready"), (.HEAD, "/ready"):
            respond(context, request, server.receiver.isReady ? .ok : .serviceUnavailable, type: "application/json", body: statusBody())
        case (.GET, "/report"):
            let format = query(request.uri, "format").flatMap(ReportFormat.init(rawValue:)) ?? .json
            respond(context, request, .ok, type: format == .json || format == .sarif ? "application/json" : "text/plain; charset=utf-8",
                    body: Array(format.render(server.receiver.report(source: server.source)).utf8))
        case (_, "/v1/traces"), (_, "/health"), (_, "/ready"), (_, "/report"):
            respond(context, request, .methodNotAllowed, type: "text/plain", body: Array("method not allowed\n".utf8))
        default:
            respond(context, request, .notFound, type: "text/plain", body: Array("not found: POST /v1/traces, GET /health, /ready, /report\n".utf8))
        }
    }

    private func export(_ request: HTTPRequestHead, context: ChannelHandlerContext) {
        let contentType = (request.headers.first(name: "content-type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        let encoding: OTLPResponses.Encoding
        switch contentType {
        case "application/x-protobuf": encoding = .protobuf
        case "application/json": encoding = .json
        default:
            respond(context, request, .unsupportedMediaType, type: "text/plain",
                    body: Array("Content-Type must be application/x-protobuf or application/json\n".utf8))
            return
        }
        func fail(_ status: HTTPResponseStatus, code: Int, _ message: String, headers: [(String, String)] = []) {
            respond(context, request, status, type: encoding.contentType, body: OTLPResponses.status(code: code, message: message, encoding: encoding), headers: headers)
        }
        guard !body.tooLarge else {
            return fail(.payloadTooLarge, code: 8, "request body larger than \(server.receiver.options.maximumBodyBytes) bytes")
        }
        let bytes = body.buffer.readBytes(length: body.buffer.readableBytes) ?? []
        let compression = (request.headers.first(name: "content-encoding") ?? "identity").lowercased()
        guard ["gzip", "identity", ""].contains(compression) else {
            return fail(.unsupportedMediaType, code: 3, "Content-Encoding must be gzip or identity")
        }
        switch server.receiver.receive(bytes, protobuf: encoding == .protobuf, gzip: compression == "gzip", now: OTLPServer.now()) {
        case .accepted(let rejected):
            let message = rejected > 0 ? "\(rejected) spans had no trace id" : nil
            respond(context, request, .ok, type: encoding.contentType, body: OTLPResponses.success(rejectedSpans: rejected, message: message, encoding: encoding))
        case .busy:
            fail(.serviceUnavailable, code: 14, "too many open traces; retry later", headers: [("Retry-After", String(server.receiver.options.retryAfterSeconds))])
        case .malformed(let reason):
            fail(.badRequest, code: 3, reason)
        }
    }

    private func statusBody() -> [UInt8] {
        let status = server.receiver.currentStatus
        let fields: [(String, Int)] = [
            ("requests", status.requests), ("spans", status.traces.spans), ("open_traces", status.openTraces),
            ("held_events", status.heldEvents), ("closed_traces", status.traces.closedTraces), ("analyzed_traces", status.analyzedTraces),
            ("rejected_spans", status.traces.rejectedSpans), ("dropped_events", status.traces.droppedEvents),
            ("busy_answers", status.busyAnswers), ("malformed_requests", status.malformedRequests),
        ]
        return Array(("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}\n").utf8)
    }

    private func query(_ uri: String, _ name: String) -> String? {
        guard let question = uri.firstIndex(of: "?") else { return nil }
        for pair in uri[uri.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }

    private func respond(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ status: HTTPResponseStatus, type: String, body: [UInt8],
        headers extra: [(String, String)] = []
    ) {
        let keepAlive = request.isKeepAlive
        var headers = HTTPHeaders([("Content-Type", type), ("Content-Length", String(body.count))] + extra)
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if request.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil) }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
