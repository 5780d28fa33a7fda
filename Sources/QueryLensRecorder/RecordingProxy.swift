import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import QueryLensCore

/// `querylens record`: a transparent PostgreSQL proxy. Every byte is forwarded unchanged in
/// both directions; a copy of each direction is decoded to record one event per executed
/// statement into an `EventLog`.
///
/// - SSLRequest is answered by the proxy itself: `S` and a TLS handshake with the certificate
///   of `clientTLS` when one is given, else `N` (the client continues in clear text to the
///   proxy; GSSENCRequest is always `N`). TLS to the upstream is `upstreamTLS`'s, on its own.
///   A client that opens TLS directly (PostgreSQL 17 `sslnegotiation=direct`) is refused with
///   a message.
/// - CancelRequest is forwarded to the upstream on a new connection.
/// - Authentication of every kind passes through; password messages are never decoded.
/// - Both sides of a connection share one event loop; back-pressure pauses reading from one
///   side while the other cannot take more.
public final class RecordingProxy: @unchecked Sendable {
    public struct Endpoint: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// `127.0.0.1:6543`, `localhost:5432`, `postgres://user@host:5432/db` (host and port only).
        public init?(parsing text: String, defaultPort: Int = 5432) {
            var rest = Substring(text)
            if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
            if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
            if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
            if let question = rest.firstIndex(of: "?") { rest = rest[..<question] }
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard let host = parts.first, !host.isEmpty, parts.count <= 2 else { return nil }
            let port = parts.count == 2 ? Int(parts[1]) : defaultPort
            guard let port, (1...65535).contains(port) else { return nil }
            self.host = String(host)
            self.port = port
        }
    }

    public let listen: Endpoint
    public let upstream: Endpoint
    /// TLS to the upstream, from its URL's sslmode.
    public let upstreamTLS: UpstreamTLS
    /// TLS to clients, when a certificate was given.
    public let clientTLS: ClientTLS?
    public let log: EventLog
    private let group: EventLoopGroup
    private var serverChannel: Channel?
    private let connections = NIOLockedValueBox(0)
    /// Where problems go (an upstream that is down, a refused TLS client): stderr by default.
    public var report: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(("querylens record: " + $0 + "\n").utf8)) }

    public init(listen: Endpoint, upstream: Endpoint, upstreamTLS: UpstreamTLS? = nil, clientTLS: ClientTLS? = nil, log: EventLog, group: EventLoopGroup) {
        self.listen = listen
        self.upstream = upstream
        self.upstreamTLS = upstreamTLS ?? UpstreamTLS(mode: .prefer, host: upstream.host)
        self.clientTLS = clientTLS
        self.log = log
        self.group = group
    }

    /// Starts listening; returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws -> Int {
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // One read per readiness: a client sends a request and waits, so a second read
            // would only come back empty (one more system call per message).
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { [self] channel in
                let id = connections.withLockedValue { count -> Int in
                    count += 1
                    return count
                }
                return channel.pipeline.addHandler(ClientSideHandler(proxy: self, session: "c\(id)"))
            }
            .bind(host: listen.host, port: listen.port).wait()
        serverChannel = channel
        return channel.localAddress?.port ?? listen.port
    }

    /// Stops accepting, closes the listening socket, flushes the log.
    public func stop() {
        try? serverChannel?.close().wait()
        log.flush()
    }

    /// A new connection to the upstream, TLS negotiated when its sslmode asks: nothing may be
    /// written before the future completes.
    func connectUpstream(on loop: EventLoop, handler: @escaping @Sendable (Channel) -> ChannelHandler) -> EventLoopFuture<Channel> {
        let tls = upstreamTLS
        return ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.maxMessagesPerRead, value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in channel.pipeline.addHandler(handler(channel)) }
            .connect(host: upstream.host, port: upstream.port)
            .flatMap { channel in tls.negotiate(on: channel).map { channel } }
    }

    /// An ErrorResponse a client shows to its user.
    static func errorResponse(code: String, message: String) -> ByteBuffer {
        var body = ByteBuffer()
        for (field, value) in [("S", "FATAL"), ("V", "FATAL"), ("C", code), ("M", message)] {
            body.writeString(field)
            body.writeString(value)
            body.writeInteger(UInt8(0))
        }
        body.writeInteger(UInt8(0))
        var message = ByteBuffer()
        message.writeString("E")
        message.writeInteger(Int32(body.readableBytes + 4))
        message.writeBuffer(&body)
        return message
    }
}

/// The client's side of one proxied connection.
final class ClientSideHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case startup
        case connecting
        case relaying(Channel)
        case closed
    }

    private let proxy: RecordingProxy
    private let recorder: ConnectionRecorder
    private var state = State.startup
    private var startupBuffer = ByteBuffer()
    private var decoder = FrontendDecoder()
    private var undecoded = UndecodedBytes()
    private var decoding = true
    /// Shared with the server's side: both stamp events with the time their bytes were read.
    private let readTime = ReadTime()
    private weak var context: ChannelHandlerContext?

    init(proxy: RecordingProxy, session: String) {
        self.proxy = proxy
        let log = proxy.log
        let readTime = readTime
        recorder = ConnectionRecorder(session: session, clock: { readTime.microseconds }, emit: { log.record($0) })
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        switch state {
        case .startup:
            startupBuffer.writeBuffer(&bytes)
            handleStartup(context: context)
        case .connecting:
            startupBuffer.writeBuffer(&bytes)
        case .relaying(let upstream):
            readTime.mark()
            upstream.write(bytes, promise: nil)
            if decoding { undecoded.take(bytes) }
        case .closed:
            break
        }
    }

    /// The server gets the bytes first; the copy is decoded while it works on them.
    func channelReadComplete(context: ChannelHandlerContext) {
        guard case .relaying(let upstream) = state else { return }
        upstream.flush()
        decodeCopy()
    }

    /// The untyped startup phase: answer SSL/GSS requests, refuse direct TLS, forward cancels,
    /// and connect upstream on the StartupMessage.
    private func handleStartup(context: ChannelHandlerContext) {
        while true {
            let start = startupBuffer.readerIndex
            let message: FrontendMessage?
            do { message = try decoder.decode(buffer: &startupBuffer) } catch {
                proxy.report("\(error); closing the client connection")
                close(context: context)
                return
            }
            guard let message else { return }
            switch message {
            case .sslRequest where proxy.clientTLS != nil:
                var yes = context.channel.allocator.buffer(capacity: 1)
                yes.writeString("S")
                context.writeAndFlush(wrapOutboundOut(yes), promise: nil)
                // The `S` left in clear; from here the client's bytes arrive through TLS.
                do { try proxy.clientTLS?.start(on: context.pipeline.syncOperations) } catch {
                    proxy.report("cannot start TLS with a client: \(error)")
                    close(context: context)
                    return
                }
            case .sslRequest, .gssEncryptionRequest:
                var no = context.channel.allocator.buffer(capacity: 1)
                no.writeString("N")
                context.writeAndFlush(wrapOutboundOut(no), promise: nil)
            case .directTLS:
                proxy.report("a client opened TLS directly (sslnegotiation=direct); the recorder speaks clear text: connect with sslmode=disable or prefer")
                close(context: context)
                return
            case .cancel(let request):
                let loop = context.eventLoop
                proxy.connectUpstream(on: loop) { _ in CloseOnReadHandler() }.whenSuccess { upstream in
                    upstream.writeAndFlush(request).whenComplete { _ in upstream.close(promise: nil) }
                }
                close(context: context)
                return
            case .startup:
                readTime.mark()
                recorder.client(message)
                let end = startupBuffer.readerIndex
                startupBuffer.moveReaderIndex(to: start)
                guard var forward = startupBuffer.readSlice(length: end - start) else { return }
                var rest = startupBuffer.readSlice(length: startupBuffer.readableBytes) ?? ByteBuffer()
                forward.writeBuffer(&rest)
                startupBuffer = ByteBuffer()
                connect(context: context, first: forward)
                return
            default:
                return
            }
        }
    }

    private func connect(context: ChannelHandlerContext, first: ByteBuffer) {
        state = .connecting
        let client = context.channel
        let recorder = recorder
        let readTime = readTime
        proxy.connectUpstream(on: context.eventLoop) { upstream in
            ServerSideHandler(client: client, recorder: recorder, readTime: readTime)
        }.whenComplete { [self] result in
            switch result {
            case .success(let upstream):
                guard case .connecting = state else {
                    upstream.close(promise: nil)
                    return
                }
                state = .relaying(upstream)
                var buffered = startupBuffer
                startupBuffer = ByteBuffer()
                var firstBytes = first
                firstBytes.writeBuffer(&buffered)
                upstream.writeAndFlush(firstBytes, promise: nil)
                // Bytes after the StartupMessage are typed messages: decode them too.
                if let rest = firstBytes.getSlice(at: firstBytes.readerIndex + first.readableBytes, length: firstBytes.readableBytes - first.readableBytes) {
                    undecoded.take(rest)
                    decodeCopy()
                }
            case .failure(let error):
                let message = "cannot connect to the upstream server \(proxy.upstream.host):\(proxy.upstream.port): \(error)"
                proxy.report(message)
                client.writeAndFlush(RecordingProxy.errorResponse(code: "08006", message: "querylens record: " + message)).whenComplete { _ in
                    client.close(promise: nil)
                }
                state = .closed
            }
        }
    }

    private func decodeCopy() {
        guard decoding else { return }
        do {
            try undecoded.decode(with: &decoder) { recorder.client($0) }
        } catch {
            decoding = false
            undecoded = UndecodedBytes()
            proxy.report("\(error); forwarding continues without recording this connection")
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if case .relaying(let upstream) = state {
            upstream.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .relaying(let upstream) = state { upstream.close(promise: nil) }
        state = .closed
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        close(context: context)
    }

    private func close(context: ChannelHandlerContext) {
        if case .relaying(let upstream) = state { upstream.close(promise: nil) }
        state = .closed
        context.close(promise: nil)
    }
}

/// The server's side: forwards to the client, decodes a copy.
final class ServerSideHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private let client: Channel
    private let recorder: ConnectionRecorder
    private let readTime: ReadTime
    private var decoder = BackendDecoder()
    private var undecoded = UndecodedBytes()
    private var decoding = true
    /// The last whole message was an error: a server that shuts down says why itself.
    private var lastWasError = false
    /// Bytes came from the server: the relay was up (not a failed connection or TLS handshake).
    private var heardFromServer = false

    init(client: Channel, recorder: ConnectionRecorder, readTime: ReadTime) {
        self.client = client
        self.recorder = recorder
        self.readTime = readTime
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        heardFromServer = true
        readTime.mark()
        client.write(bytes, promise: nil)
        if decoding { undecoded.take(bytes) }
    }

    /// The client gets the answer first; the copy is decoded after.
    func channelReadComplete(context: ChannelHandlerContext) {
        client.flush()
        guard decoding else { return }
        do {
            try undecoded.decode(with: &decoder) { message in
                if case .error = message { lastWasError = true } else { lastWasError = false }
                recorder.server(message)
            }
        } catch {
            decoding = false
            undecoded = UndecodedBytes()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        client.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    /// The server went away (a restart, a crash, a failover). When it said nothing and its
    /// stream ended between two messages, the client is told in the protocol's own terms
    /// (FATAL 08006) rather than finding a dead socket; then the connection closes. New
    /// connections reach the server again as soon as it is back: each connects anew.
    func channelInactive(context: ChannelHandlerContext) {
        let client = client
        if heardFromServer && decoding && undecoded.isEmpty && !lastWasError && client.isActive {
            let notice = RecordingProxy.errorResponse(code: "08006", message: "querylens record: the upstream server closed the connection")
            client.writeAndFlush(notice).whenComplete { _ in client.close(promise: nil) }
        } else {
            client.close(promise: nil)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// For the connection that carries a CancelRequest: nothing comes back worth reading.
final class CloseOnReadHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.close(promise: nil)
    }
}
