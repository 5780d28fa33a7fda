import Foundation

/// Opens what `--database` names: a PostgreSQL conninfo string or `postgres://` /
/// `postgresql://` URI (libpq), or a SQLite database (`sqlite:PATH`, a `file:` URI, or a
/// path to an existing file), read-only either way.
public enum DatabaseTarget {
    /// `analyze`: allow `EXPLAIN ANALYZE` of SELECTs in rolled-back transactions (PostgreSQL).
    public static func open(_ target: String, statementTimeoutMilliseconds: Int = 5000, analyze: Bool = false) throws -> any PlanningDatabase {
        if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") || (target.contains("=") && !target.hasPrefix("file:")) {
            let planner = PostgreSQLPlanner(connection: try PostgreSQLConnection(target, statementTimeoutMilliseconds: statementTimeoutMilliseconds))
            planner.analyze = analyze
            return planner
        }
        if target.hasPrefix("sqlite:") || target.hasPrefix("file:") || FileManager.default.fileExists(atPath: target) {
            return SQLitePlanner(database: try SQLiteConnection(path: target))
        }
        throw DatabaseError(code: "", message: "\(target): neither a PostgreSQL URI/conninfo nor an existing SQLite file")
    }

    /// The distinct statements of logs, with how often and how long they ran: the workload the
    /// index advisor designs for.
    public static func workload(paths: [String], ingest: LogIngest) throws -> [IndexAdvisor.Statement] {
        var normalizer = Normalizer()
        var workload = IndexFindings.Workload()
        for path in paths {
            _ = try ingest.read(path: path) { event in workload.add(normalizer.fingerprint(of: event.sql), event) }
        }
        return workload.statements()
    }

    /// The statements PostgreSQL's pg_stat_statements has seen in this database, heaviest
    /// first, when no log is at hand (as Dexter does); catalog reads left out.
    public static func workload(fromStatistics connection: PostgreSQLConnection, limit: Int = DatabaseInspection.plannedStatements) throws -> [IndexAdvisor.Statement] {
        try WorkloadSnapshot.take(connection).statements()
            .filter { !StatementCatalog.isIgnored($0.statement) }.prefix(limit).map(\.indexStatement)
    }
}
