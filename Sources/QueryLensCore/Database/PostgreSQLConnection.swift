import CLibPQ
import Foundation

/// A read-only libpq session: the thinnest safe wrapper QueryLens needs to ask a live
/// PostgreSQL for plans and statistics. Any conninfo string or URI works, and libpq applies
/// PG* environment variables, ~/.pgpass and service files itself.
///
/// The session cannot harm the database: `default_transaction_read_only` is on, every
/// statement has a `statement_timeout`, and `application_name` says `querylens` so a DBA sees
/// who asks.
public final class PostgreSQLConnection {
    private let connection: OpaquePointer
    /// The server's version as an integer (150018 for 15.18).
    public let serverVersion: Int

    public init(_ conninfo: String, statementTimeoutMilliseconds: Int = 5000) throws {
        if let missing = Self.libpqMissing { throw DatabaseError(code: "", message: missing) }
        let keywords = ["dbname", "application_name", "options"]
        let values = [conninfo, "querylens", "-c default_transaction_read_only=on -c statement_timeout=\(statementTimeoutMilliseconds)"]
        let connection: OpaquePointer? = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in ql_PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection else { throw DatabaseError(code: "", message: "cannot allocate a libpq connection") }
        guard ql_PQstatus(connection) == CONNECTION_OK else {
            let host = ql_PQhost(connection).map { String(cString: $0) } ?? "?"
            let port = ql_PQport(connection).map { String(cString: $0) } ?? "?"
            let database = ql_PQdb(connection).map { String(cString: $0) } ?? "?"
            let reason = ql_PQerrorMessage(connection).map { String(cString: $0) } ?? "unknown error"
            ql_PQfinish(connection)
            let firstLine = reason.split(separator: "\n").first.map(String.init) ?? reason
            throw DatabaseError(code: "08001", message: "cannot connect to PostgreSQL at \(host):\(port)/\(database): \(firstLine)")
        }
        self.connection = connection
        serverVersion = Int(ql_PQserverVersion(connection))
    }

    deinit { ql_PQfinish(connection) }

    /// Why libpq cannot be loaded, with what to install; nil when it can. QueryLens links no
    /// libpq: logs and SQLite work on a machine without one.
    public static let libpqMissing: String? = {
        var reason = [CChar](repeating: 0, count: 512)
        guard ql_libpq_load(&reason, reason.count) == 0 else { return nil }
        let loader = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "PostgreSQL needs libpq, which is not installed (\(loader)): apt install libpq5 (Debian, Ubuntu), dnf install libpq (Fedora, RHEL), apk add libpq (Alpine). Logs and SQLite work without it."
    }()

    /// `host:port/database`, for reports and messages: never the password.
    public var displayName: String {
        let host = ql_PQhost(connection).map { String(cString: $0) } ?? "?"
        let port = ql_PQport(connection).map { String(cString: $0) } ?? "?"
        let database = ql_PQdb(connection).map { String(cString: $0) } ?? "?"
        return "postgresql://\(host):\(port)/\(database)"
    }

    /// Runs one statement with text parameters; returns its rows as text (`nil` for NULL).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let result: OpaquePointer? = withOptionalCStrings(parameters) { pointers in
            ql_PQexecParams(connection, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        guard let result else { throw DatabaseError(code: "", message: lastError, sql: sql) }
        defer { ql_PQclear(result) }
        let status = ql_PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let state = ql_PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let message = ql_PQresultErrorMessage(result).map { String(cString: $0) } ?? lastError
            throw DatabaseError(code: state, message: message.trimmingSpaces().description, sql: sql)
        }
        var rows: [[String?]] = []
        for row in 0..<ql_PQntuples(result) {
            rows.append((0..<ql_PQnfields(result)).map { column in
                ql_PQgetisnull(result, row, column) == 1 ? nil : String(cString: ql_PQgetvalue(result, row, column))
            })
        }
        return rows
    }

    private var lastError: String {
        ql_PQerrorMessage(connection).map { String(cString: $0) }?.trimmingSpaces().description ?? "unknown libpq error"
    }
}

/// C string arrays for libpq, alive during `body`.
func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    var pointers: [UnsafePointer<CChar>?] = strings.map { UnsafePointer(strdup($0)) }
    pointers.append(nil)
    defer { for pointer in pointers { free(UnsafeMutablePointer(mutating: pointer)) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

func withOptionalCStrings<Result>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> Result) -> Result {
    guard !strings.isEmpty else { return body(nil) }
    let pointers: [UnsafePointer<CChar>?] = strings.map { $0.map { UnsafePointer(strdup($0)) } ?? nil }
    defer { for pointer in pointers { free(UnsafeMutablePointer(mutating: pointer)) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
