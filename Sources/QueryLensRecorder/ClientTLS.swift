import NIOCore
import NIOSSL

/// TLS from clients to the recorder, with a certificate and key the user gives (PEM files):
/// what a client configured with `sslmode=require` or `verify-full` needs to connect through
/// it, so recording does not mean changing the application's connection settings. Without
/// it, the recorder answers SSLRequest `N` and clients continue in clear text on loopback.
public struct ClientTLS: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    let context: NIOSSLContext

    /// Reads the certificate chain and the private key; a failure names the file.
    public init(certificate: String, key: String) throws {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
            throw Failure(description: "cannot read the certificate \(certificate): \(error)")
        }
        let privateKey: NIOSSLPrivateKey
        do { privateKey = try NIOSSLPrivateKey(file: key, format: .pem) } catch {
            throw Failure(description: "cannot read the private key \(key): \(error)")
        }
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        do { context = try NIOSSLContext(configuration: configuration) } catch {
            throw Failure(description: "the certificate \(certificate) and key \(key) do not make a TLS server: \(error)")
        }
    }

    /// After the `S` answer to SSLRequest: the handshake, then the client's bytes in clear.
    func start(on pipeline: ChannelPipeline.SynchronousOperations) throws {
        try pipeline.addHandler(NIOSSLServerHandler(context: context), position: .first)
    }
}
