import Foundation
import NIOCore
import NIOSSL
import NIOTLS

/// TLS from the recorder to the upstream server, as libpq's `sslmode` asks it in the upstream
/// URL (`postgres://app@db.example.com/app?sslmode=verify-full&sslrootcert=ca.pem`), so a
/// developer can record against a managed PostgreSQL that requires TLS. The client side stays
/// clear text on loopback; the upstream connection is what crosses the network.
///
/// | sslmode | the recorder |
/// |---|---|
/// | `disable` | never asks for TLS |
/// | `allow`, `prefer` (libpq's default) | asks; continues in clear text when the server says no; no certificate check |
/// | `require` | asks; fails when the server says no; no certificate check |
/// | `verify-ca` | and the certificate must chain to `sslrootcert` |
/// | `verify-full` | and it must name the host |
///
/// `sslrootcert` is a PEM file, `system` for the system's roots, or by default
/// `~/.postgresql/root.crt`, as for libpq.
public struct UpstreamTLS: Sendable, Equatable {
    public enum Mode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public var mode: Mode
    public var rootCertificate: String?
    public var host: String

    public init(mode: Mode, rootCertificate: String? = nil, host: String) {
        self.mode = mode
        self.rootCertificate = rootCertificate
        self.host = host
    }

    /// From an upstream URL's `sslmode` and `sslrootcert` (prefer when absent); `nil` for an
    /// sslmode libpq does not know.
    public init?(url: String, host: String) {
        var parameters: [String: String] = [:]
        if let question = url.firstIndex(of: "?") {
            for pair in url[url.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { parameters[String(parts[0])] = String(parts[1]).removingPercentEncoding ?? String(parts[1]) }
            }
        }
        guard let mode = Mode(rawValue: parameters["sslmode"] ?? "prefer") else { return nil }
        self.init(mode: mode, rootCertificate: parameters["sslrootcert"], host: host)
    }

    /// Asks the server for TLS on a fresh connection (SSLRequest) and, when it agrees, puts
    /// the TLS handler first in the pipeline; the future completes when the handshake is done
    /// (or at once, in clear text), so nothing is written before.
    func negotiate(on channel: Channel) -> EventLoopFuture<Void> {
        guard mode != .disable else { return channel.eventLoop.makeSucceededVoidFuture() }
        let context: NIOSSLContext
        do { context = try makeContext() } catch { return channel.eventLoop.makeFailedFuture(error) }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let negotiation = SSLNegotiation(tls: self, context: context, promise: promise)
        return channel.pipeline.addHandler(negotiation, position: .first).flatMap {
            var request = channel.allocator.buffer(capacity: 8)
            request.writeInteger(Int32(8))
            request.writeInteger(Int32(80_877_103))
            return channel.writeAndFlush(request)
        }.flatMap { promise.futureResult }
    }

    private func makeContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        default: configuration.certificateVerification = .none
        }
        if mode == .verifyCA || mode == .verifyFull {
            let path = rootCertificate ?? (NSHomeDirectory() + "/.postgresql/root.crt")
            if path == "system" {
                configuration.trustRoots = .default
            } else {
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw Failure(description: "sslmode=\(mode.rawValue) needs a root certificate: cannot read \(path) (set sslrootcert=FILE, or sslrootcert=system)")
                }
                configuration.trustRoots = .file(path)
            }
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// SNI and the name checked: the host, unless it is an IP address (then the address is
    /// checked against the certificate's IP names).
    var serverHostname: String? {
        host.allSatisfy({ $0.isNumber || $0 == "." }) || host.contains(":") ? nil : host
    }
}

/// The one-byte answer to SSLRequest, then the handshake; removed once done.
private final class SSLNegotiation: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum State { case awaitingAnswer, handshaking, done }

    private let tls: UpstreamTLS
    private let context: NIOSSLContext
    private let promise: EventLoopPromise<Void>
    private var state = State.awaitingAnswer

    init(tls: UpstreamTLS, context: NIOSSLContext, promise: EventLoopPromise<Void>) {
        self.tls = tls
        self.context = context
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state == .awaitingAnswer else { return context.fireChannelRead(data) }
        var bytes = unwrapInboundIn(data)
        switch bytes.readInteger(as: UInt8.self) {
        case UInt8(ascii: "S")?:
            state = .handshaking
            do {
                let handler = try NIOSSLClientHandler(context: self.context, serverHostname: tls.serverHostname)
                try context.pipeline.syncOperations.addHandler(handler, position: .before(self))
            } catch {
                fail(context: context, error)
            }
        case UInt8(ascii: "N")? where tls.mode == .prefer || tls.mode == .allow:
            finish(context: context)
        case UInt8(ascii: "N")?:
            fail(context: context, UpstreamTLS.Failure(description: "the server does not accept TLS, and sslmode=\(tls.mode.rawValue) requires it"))
        default:
            fail(context: context, UpstreamTLS.Failure(description: "the server answered the TLS request with something else"))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if state == .handshaking, let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            finish(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard state != .done else { return context.fireErrorCaught(error) }
        fail(context: context, UpstreamTLS.Failure(description: "TLS with the server failed: \(error)"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        if state != .done { fail(context: context, UpstreamTLS.Failure(description: "the server closed the connection during TLS negotiation")) }
        context.fireChannelInactive()
    }

    private func finish(context: ChannelHandlerContext) {
        state = .done
        promise.succeed(())
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func fail(context: ChannelHandlerContext, _ error: Error) {
        guard state != .done else { return }
        state = .done
        promise.fail(error)
        context.close(promise: nil)
    }
}
