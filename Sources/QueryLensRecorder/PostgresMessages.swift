import NIOCore

/// The messages of PostgreSQL's protocol 3 that the recorder needs, as decoded from a copy
/// of each direction (the bytes themselves are forwarded unchanged). Type letters mean
/// different things in each direction, hence two enums and two decoders.
public enum FrontendMessage: Equatable, Sendable {
    /// StartupMessage: protocol version and parameters (user, database, application_name ...).
    case startup(version: Int32, parameters: [String: String])
    case sslRequest
    case gssEncryptionRequest
    /// CancelRequest: forwarded to the upstream on a new connection.
    case cancel(ByteBuffer)
    /// A client that starts TLS without asking (PostgreSQL 17's `sslnegotiation=direct`).
    case directTLS
    case query(String)
    case parse(statement: String, query: String)
    /// Bind: portal, statement, and the parameter values (text, or binary shown as hex).
    case bind(portal: String, statement: String, parameters: [String?])
    case execute(portal: String)
    case sync
    /// Close of a prepared statement (`S`) or a portal (`P`).
    case close(kind: UInt8, name: String)
    case terminate
    /// Anything else (Describe, Flush, password messages, COPY data ...): not recorded.
    case other(UInt8)
}

public enum BackendMessage: Equatable, Sendable {
    case commandComplete(tag: String)
    case emptyQuery
    case portalSuspended
    /// ErrorResponse: SQLSTATE and message.
    case error(code: String, message: String)
    /// ReadyForQuery: transaction status, `I` idle, `T` in a transaction, `E` failed.
    case readyForQuery(status: UInt8)
    case other(UInt8)
}

extension ByteBuffer {
    /// A NUL-terminated string at the reader index.
    mutating func readCString() -> String? {
        guard let end = readableBytesView.firstIndex(of: 0) else { return nil }
        let length = end - readerIndex
        let text = readString(length: length)
        moveReaderIndex(forwardBy: 1)
        return text
    }
}
