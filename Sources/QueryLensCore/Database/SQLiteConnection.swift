import CSQLite3

/// A libsqlite3 connection in the GRDB spirit: the handle is closed in `deinit`, failures are
/// typed errors with the result code, the message and the SQL. Databases under analysis are
/// opened read-only; the shadow copy used to try indexes is an in-memory database.
public final class SQLiteConnection {
    private let handle: OpaquePointer
    /// The file (or URI) opened, for reports and messages.
    public let path: String

    /// `path` may be a file path, `sqlite:PATH`, or a `file:` URI; `:memory:` for a scratch one.
    public init(path: String, readOnly: Bool = true) throws {
        var location = path
        if location.hasPrefix("sqlite:") && !location.hasPrefix("sqlite:///") { location = String(location.dropFirst(7)) }
        if location.hasPrefix("sqlite:///") { location = String(location.dropFirst(9)) }
        var handle: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_URI
        let status = sqlite3_open_v2(location, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close_v2(handle) }
            throw DatabaseError(code: "SQLITE_\(status)", message: "cannot open SQLite database \(location): \(message)")
        }
        self.handle = handle
        self.path = location
        if readOnly {
            // A file that is not a database only fails at the first read: fail here, clearly.
            do {
                try query("SELECT count(*) FROM sqlite_master")
            } catch let error as DatabaseError {
                throw DatabaseError(code: error.code, message: "cannot open SQLite database \(location): \(error.message)")
            }
        }
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one statement; returns its rows as text (`nil` for NULL). Parameters like `$1` or
    /// `?` stay unbound (NULL), which is what EXPLAIN QUERY PLAN needs.
    @discardableResult
    public func query(_ sql: String) throws -> [[String?]] {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, sql) }
        defer { sqlite3_finalize(statement) }
        var rows: [[String?]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return rows }
            guard step == SQLITE_ROW else { throw error(step, sql) }
            rows.append((0..<sqlite3_column_count(statement)).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) }
            })
        }
    }

    /// Runs statements without results (the shadow schema, a candidate index).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw DatabaseError(code: "SQLITE_\(status)", message: text, sql: sql)
        }
    }

    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    private func error(_ status: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(code: "SQLITE_\(status)", message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
