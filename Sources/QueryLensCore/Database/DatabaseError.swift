/// A database failure with what a user needs to act on it: the code (SQLSTATE for
/// PostgreSQL, the result code for SQLite), the server's message, and the statement.
/// Never carries a password.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public var code: String
    public var message: String
    public var sql: String?

    public init(code: String, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        "\(message)" + (code.isEmpty ? "" : " (\(code))") + (sql.map { " in: \($0.prefix(200))" } ?? "")
    }
}
