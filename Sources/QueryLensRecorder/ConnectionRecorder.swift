import Foundation
import QueryLensCore

/// Turns one connection's decoded messages, in both directions, into one event per executed
/// statement: the SQL (a simple Query, or Parse + Bind + Execute with named prepared
/// statements resolved), its parameters, the time from the request to its completion, the
/// rows from the CommandComplete tag, the error, and the session's user, database and
/// application. Not thread-safe: both directions of a connection run on one event loop.
public final class ConnectionRecorder: @unchecked Sendable {
    private struct Pending {
        var sql: String
        var parameters: [String?]
        var start: Int64
        /// Part of a simple Query (ended by its ReadyForQuery) or of an extended batch (ended by Sync).
        var simple: Bool
    }

    private enum Expectation {
        case statement(Pending)
        /// A Sync, answered by one ReadyForQuery.
        case sync
        /// A simple Query's end, also answered by one ReadyForQuery.
        case queryEnd
    }

    public let session: String
    private var origin: QueryEvent.Origin?
    private var statements: [String: String] = [:]
    private var portals: [String: (sql: String, parameters: [String?])] = [:]
    private var expectations: [Expectation] = []
    private let clock: () -> Int64
    private let emit: (consuming QueryEvent) -> Void

    /// `clock`: microseconds since 1970; `emit`: where finished events go.
    public init(session: String, clock: @escaping () -> Int64, emit: @escaping (consuming QueryEvent) -> Void) {
        self.session = session
        self.clock = clock
        self.emit = emit
    }

    public func client(_ message: FrontendMessage) {
        let now = clock()
        switch message {
        case .startup(_, let parameters):
            origin = QueryEvent.Origin(user: parameters["user"], database: parameters["database"] ?? parameters["user"], application: parameters["application_name"])
        case .query(let sql):
            // Most queries are one statement without a `;`: taken as they are. With one, the
            // splitter decides (a trailing `;` leaves one statement).
            let parts = sql.utf8.contains(UInt8(ascii: ";")) ? StatementSplitter.split(sql) : [sql]
            for part in parts.isEmpty ? [sql] : parts {
                expectations.append(.statement(Pending(sql: part, parameters: [], start: now, simple: true)))
            }
            expectations.append(.queryEnd)
        case .parse(let statement, let query):
            statements[statement] = query
        case .bind(let portal, let statement, let parameters):
            portals[portal] = (statements[statement] ?? "", parameters)
        case .execute(let portal):
            let bound = portals[portal] ?? ("", [])
            expectations.append(.statement(Pending(sql: bound.sql, parameters: bound.parameters, start: now, simple: false)))
        case .sync:
            expectations.append(.sync)
        case .close(let kind, let name):
            if kind == UInt8(ascii: "S") { statements[name] = nil } else { portals[name] = nil }
        default:
            break
        }
    }

    public func server(_ message: BackendMessage) {
        switch message {
        case .commandComplete(let tag):
            complete(rows: Self.rows(tag), error: nil)
        case .emptyQuery:
            _ = popStatement()
        case .portalSuspended:
            complete(rows: nil, error: nil)
        case .error(let code, let message):
            guard expectations.contains(where: { if case .statement = $0 { return true } else { return false } }) else { return }
            guard let pending = popStatement() else { return }
            finish(pending, rows: nil, error: code.isEmpty ? message : "\(code): \(message)")
            // The rest of a multi-statement Query does not run, and after an error in an
            // extended batch the server skips everything up to the next Sync.
            while case .statement? = expectations.first { expectations.removeFirst() }
        case .readyForQuery:
            // Ends one Sync or one simple Query; anything still pending before it never ran.
            while let first = expectations.first {
                expectations.removeFirst()
                if case .statement = first { continue }
                break
            }
        case .other:
            break
        }
    }

    private func popStatement() -> Pending? {
        guard case .statement(let pending)? = expectations.first else { return nil }
        expectations.removeFirst()
        return pending
    }

    private func complete(rows: Int?, error: String?) {
        guard let pending = popStatement() else { return }
        finish(pending, rows: rows, error: error)
    }

    private func finish(_ pending: Pending, rows: Int?, error: String?) {
        let now = clock()
        var event = QueryEvent(
            sql: pending.sql, timestamp: pending.start, durationMilliseconds: Double(now - pending.start) / 1000, session: session,
            parameters: pending.parameters, rows: rows, line: 0)
        event.origin = origin
        if let error { event.error = error }
        emit(event)
    }

    /// `SELECT 5` → 5, `INSERT 0 3` → 3, `UPDATE 7` → 7; `BEGIN` → nil. The digits after the
    /// last space, read as bytes: one tag per statement.
    static func rows(_ tag: String) -> Int? {
        var value = 0
        var scale = 1
        for byte in tag.utf8.reversed() {
            if byte == UInt8(ascii: " ") { return scale > 1 ? value : nil }
            guard byte >= 48 && byte <= 57, scale < 1_000_000_000_000_000 else { return nil }
            value += Int(byte - 48) * scale
            scale *= 10
        }
        return nil
    }
}
