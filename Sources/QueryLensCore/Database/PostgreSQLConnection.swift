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
        let keywords = ["dbname", "application_name", "options"]
        let values = [conninfo, "querylens", "-c default_transaction_read_only=on -c statement_timeout=\(statementTimeoutMilliseconds)"]
        let connection: OpaquePointer? = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection else { throw DatabaseError(code: "", message: "cannot allocate a libpq connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let host = PQhost(connection).map { String(cString: $0) } ?? "?"
            let port = PQport(connection).map { String(cString: $0) } ?? "?"
            let database = PQdb(connection).map { String(cString: $0) } ?? "?"
            let reason = PQerrorMessage(connection).map { String(cString: $0) } ?? "unknown error"
            PQfinish(connection)
            let firstLine = reason.split(separator: "\n").first.map(String.init) ?? reason
            throw DatabaseError(code: "08001", message: "cannot connect to PostgreSQL at \(host):\(port)/\(database): \(firstLine)")
        }
        self.connection = connection
        serverVersion = Int(PQserverVersion(connection))
    }

    deinit { PQfinish(connection) }

    /// `host:port/database`, for reports and messages: never the password.
    public var displayName: String {
        let host = PQhost(connection).map { String(cString: $0) } ?? "?"
        let port = PQport(connection).map { String(cString: $0) } ?? "?"
        let database = PQdb(connection).map { String(cString: $0) } ?? "?"
        return "postgresql://\(host):\(port)/\(database)"
    }

    /// Runs one statement with text parameters; returns its rows as text (`nil` for NULL).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let result: OpaquePointer? = withOptionalCStrings(parameters) { pointers in
            PQexecParams(connection, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        guard let result else { throw DatabaseError(code: "", message: lastError, sql: sql) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let message = PQresultErrorMessage(result).map { String(cString: $0) } ?? lastError
            throw DatabaseError(code: state, message: message.trimmingSpaces().description, sql: sql)
        }
        var rows: [[String?]] = []
        for row in 0..<PQntuples(result) {
            rows.append((0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            })
        }
        return rows
    }

    private var lastError: String {
        PQerrorMessage(connection).map { String(cString: $0) }?.trimmingSpaces().description ?? "unknown libpq error"
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
