import Foundation

/// The environment `querylens record -- CMD` gives the command, so that its database traffic
/// goes through the recorder without a change to the application:
///
/// - PostgreSQL: `DATABASE_URL`, when it names the upstream (or when the upstream was taken
///   from it), points at the proxy (`127.0.0.1:<port>`, `sslmode=disable`: the proxy is on
///   loopback and speaks clear text; the upstream connection keeps its own settings). libpq's
///   `PGHOST`, `PGPORT` and `PGSSLMODE` are set likewise, for clients that read those.
/// - SQLite: `LD_PRELOAD` gains the tracer library (first, before what was there), and
///   `QUERYLENS_SQLITE_TRACE_OUTPUT` names the output file.
///
/// Everything else is passed through unchanged. `changes` says what was set, for the user.
public struct RecordingEnvironment: Sendable, Equatable {
    public private(set) var variables: [String: String]
    public private(set) var changes: [String] = []

    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// The upstream the command's `DATABASE_URL` names, when it is a PostgreSQL URL.
    public static func upstream(from variables: [String: String]) -> RecordingProxy.Endpoint? {
        guard let url = variables["DATABASE_URL"], isPostgreSQL(url) else { return nil }
        return RecordingProxy.Endpoint(parsing: url)
    }

    /// Points the command's PostgreSQL clients at the proxy listening on `port`.
    public mutating func routePostgreSQL(through port: Int, upstream: RecordingProxy.Endpoint) {
        if let url = variables["DATABASE_URL"], Self.isPostgreSQL(url), RecordingProxy.Endpoint(parsing: url) == upstream {
            variables["DATABASE_URL"] = Self.rewritten(url, port: port)
            changes.append("DATABASE_URL → 127.0.0.1:\(port) (sslmode=disable)")
        }
        variables["PGHOST"] = "127.0.0.1"
        variables["PGPORT"] = String(port)
        variables["PGSSLMODE"] = "disable"
        changes.append("PGHOST=127.0.0.1 PGPORT=\(port) PGSSLMODE=disable")
    }

    /// Loads the SQLite tracer into the command and its children.
    public mutating func traceSQLite(library: String, output: String) {
        let existing = variables["LD_PRELOAD"].map { $0.isEmpty ? "" : " " + $0 } ?? ""
        variables["LD_PRELOAD"] = library + existing
        variables["QUERYLENS_SQLITE_TRACE_OUTPUT"] = output
        changes.append("LD_PRELOAD=\(library)\(existing)")
    }

    static func isPostgreSQL(_ url: String) -> Bool {
        url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
    }

    /// The URL with host and port replaced by the proxy's and `sslmode=disable`; user,
    /// password, database and other parameters kept.
    static func rewritten(_ url: String, port: Int) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let userinfo = authority.lastIndex(of: "@").map { String(authority[...$0]) } ?? ""
        var tail = String(rest[authorityEnd...])
        var query: [String] = []
        if let question = tail.firstIndex(of: "?") {
            query = tail[tail.index(after: question)...].split(separator: "&").map(String.init).filter { !$0.hasPrefix("sslmode=") }
            tail = String(tail[..<question])
        }
        query.append("sslmode=disable")
        return String(url[..<scheme.upperBound]) + userinfo + "127.0.0.1:\(port)" + tail + "?" + query.joined(separator: "&")
    }
}
