import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import QueryLensCore

/// `querylens collect`'s listeners: OTLP/HTTP (`OTLPHTTPHandler`: exports, probes and the report
/// on demand) and, when asked, OTLP/gRPC (`OTLPGRPCHandler`: what the Collector's load-balancing
/// exporter sends), both into one `TraceReceiver`. A timer closes finished traces every `tick`.
public final class OTLPServer: @unchecked Sendable {
    public let receiver: TraceReceiver
    private let group: EventLoopGroup
    private var channels: [Channel] = []
    private var ticker: RepeatedTask?
    /// How the report names its input: `otlp-http://127.0.0.1:4318`.
    public private(set) var source = ""

    public init(receiver: TraceReceiver, group: EventLoopGroup) {
        self.receiver = receiver
        self.group = group
    }

    /// Monotonic nanoseconds, the clock of trace closing.
    static func now() -> Int64 { Int64(clamping: NIODeadline.now().uptimeNanoseconds) }

    /// Listens for OTLP/HTTP and starts closing traces; returns the bound port (useful with 0).
    @discardableResult
    public func start(host: String, port: Int, tick: TimeAmount = .milliseconds(200)) throws -> Int {
        let bound = try bootstrap().childChannelInitializer { [self] channel in
            channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                channel.pipeline.addHandler(OTLPHTTPHandler(server: self))
            }
        }.bind(host: host, port: port).wait()
        channels.append(bound)
        let boundPort = bound.localAddress?.port ?? port
        source = "otlp-http://\(host):\(boundPort)"
        let receiver = receiver
        ticker = group.next().scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in receiver.closeDone(now: Self.now()) }
        return boundPort
    }

    /// Also listens for OTLP/gRPC (HTTP/2 in clear text, as `tls: insecure: true` exporters
    /// send it); returns the bound port.
    @discardableResult
    public func startGRPC(host: String, port: Int) throws -> Int {
        let bound = try bootstrap().childChannelInitializer { [self] channel in
            channel.configureHTTP2Pipeline(mode: .server, inboundStreamInitializer: { stream in
                stream.eventLoop.makeCompletedFuture {
                    try stream.pipeline.syncOperations.addHandlers([HTTP2FramePayloadToHTTP1ServerCodec(), OTLPGRPCHandler(receiver: self.receiver)])
                }
            }).map { _ in }
        }.bind(host: host, port: port).wait()
        channels.append(bound)
        return bound.localAddress?.port ?? port
    }

    private func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    }

    /// Stops accepting requests and closes every open trace into the analysis.
    public func stop() {
        ticker?.cancel()
        for channel in channels { try? channel.close().wait() }
        channels.removeAll()
        receiver.closeAll()
    }
}
