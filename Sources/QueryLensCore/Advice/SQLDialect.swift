/// Which SQL the suggestions are written in. Known from the log format (PostgreSQL logs),
/// from the placeholders (`$1` PostgreSQL, `?` SQLite), or given with `--dialect`.
public enum SQLDialect: String, CaseIterable, Sendable, Codable {
    case postgresql, sqlite, unknown

    /// Guesses from a statement as it ran.
    public static func guess(fromSQL sql: String) -> SQLDialect {
        if sql.contains("$1") || sql.contains("::") || sql.contains(" ILIKE ") { return .postgresql }
        if sql.contains("?") { return .sqlite }
        return .unknown
    }
}
