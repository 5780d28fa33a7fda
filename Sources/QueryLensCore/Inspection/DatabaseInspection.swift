import Foundation

/// `querylens inspect`: a live database's query health without a log. On PostgreSQL, the
/// workload from pg_stat_statements (a snapshot, or the difference over a window), N+1 suspects
/// from those statistics, missing indexes for that workload verified with HypoPG, and the
/// catalog checks (`PostgreSQLInspector`); on SQLite, the catalog checks and, given logs,
/// missing indexes for their statements. Read-only throughout; every check says what it read
/// or why it was skipped.
public enum DatabaseInspection {
    public struct Options {
        public var indexOptions = IndexAdvisor.Options()
        public var profile = DetectionProfile(.standard)
        /// Statements of logs given with the database: the missing-index workload instead of
        /// pg_stat_statements.
        public var logWorkload: [IndexAdvisor.Statement]?
        public var logPaths: [String] = []

        public init() {}
    }

    /// The heaviest statements of a workload the index advisor plans, as `indexes --from
    /// pg_stat_statements` does.
    public static let plannedStatements = 500

    /// Inspects `database`. `before`: a pg_stat_statements snapshot taken `windowSeconds` ago,
    /// to measure that window's traffic; nil reads the statistics since their last reset.
    public static func inspect(_ database: any PlanningDatabase, before: WorkloadSnapshot? = nil, windowSeconds: Double? = nil, options: Options = Options()) -> Report {
        var log = CheckLog()
        var findings: [Finding] = []
        var workload: [WorkloadStatement] = []
        let source: String
        if let postgres = database as? PostgreSQLPlanner {
            let connection = postgres.connection
            source = connection.displayName
            workload = readWorkload(connection, before: before, windowSeconds: windowSeconds, log: &log)
            // Catalog reads (an ORM's introspection, QueryLens's own) are not the application's
            // loops, and no index of theirs is the user's to create.
            let application = workload.filter { !StatementCatalog.isIgnored($0.statement) }
            if workload.isEmpty {
                log.skip("n_plus_one_suspects", "no workload to compare (see the workload check)")
            } else {
                let lookups = application.filter { StatisticalNPlusOne.lookupColumn($0) != nil }.count
                let suspects = StatisticalNPlusOne.findings(application, profile: options.profile)
                log.ran("n_plus_one_suspects", "compared the calls of \(lookups) single-key lookups with the rows returned by \(application.count) statements")
                findings += suspects
            }
            findings += missingIndexes(database, workload: options.logWorkload ?? application.prefix(DatabaseInspection.plannedStatements).map(\.indexStatement), from: options.logWorkload == nil ? "pg_stat_statements" : "the logs", options: options, log: &log)
            findings += PostgreSQLInspector(connection: connection).inspectCatalog(&log)
        } else if let sqlite = database as? SQLitePlanner {
            source = sqlite.database.path
            log.skip("workload", "SQLite keeps no statement statistics: give a log (or record one: querylens record --sqlite -- CMD)")
            log.skip("n_plus_one_suspects", "no statement statistics on SQLite: `querylens analyze` finds N+1 in a log")
            if let statements = options.logWorkload {
                findings += missingIndexes(database, workload: statements, from: "the logs", options: options, log: &log)
            } else {
                log.skip("missing_index", "no workload: give logs whose statements to index")
            }
            findings += SQLiteInspector(database: sqlite.database).inspectCatalog(&log)
        } else {
            source = "database"
        }
        return report(findings: findings, checks: log.results, workload: workload, source: source, options: options)
    }

    private static func readWorkload(_ connection: PostgreSQLConnection, before: WorkloadSnapshot?, windowSeconds: Double?, log: inout CheckLog) -> [WorkloadStatement] {
        do {
            let now = try WorkloadSnapshot.take(connection)
            let snapshot = before.map { now.difference(since: $0) } ?? now
            let statements = snapshot.statements()
            let calls = statements.reduce(0) { $0 + $1.calls }
            var detail = "read pg_stat_statements: \(statements.count) distinct statements, \(calls) calls"
            if let windowSeconds, before != nil {
                detail += " in a window of \(Int(windowSeconds.rounded())) s"
            } else if let since = try? PostgreSQLInspector(connection: connection).statisticsSince() {
                detail += " since the statistics began on \(since.date)"
            }
            if snapshot.hidden > 0 {
                let member = (try? connection.query("SELECT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')::text").first?.first ?? nil) == "true"
                detail += "; \(snapshot.hidden) statements of other roles are hidden" + (member ? "" : ": this role lacks pg_read_all_stats (GRANT pg_read_all_stats TO it to see them)")
            }
            if statements.isEmpty && snapshot.hidden > 0 {
                log.skip("workload", detail)
            } else {
                log.ran("workload", detail)
            }
            return statements
        } catch let error as DatabaseError {
            let missing = error.message.contains("does not exist")
            log.skip("workload", missing
                ? "pg_stat_statements is not installed in this database: CREATE EXTENSION pg_stat_statements (the library must be in shared_preload_libraries)"
                : "cannot read pg_stat_statements: \(error.message)")
        } catch {
            log.skip("workload", "cannot read pg_stat_statements: \(error)")
        }
        return []
    }

    private static func missingIndexes(
        _ database: any PlanningDatabase, workload: [IndexAdvisor.Statement], from source: String, options: Options, log: inout CheckLog
    ) -> [Finding] {
        guard !workload.isEmpty else {
            log.skip("missing_index", "no statements to plan from \(source)")
            return []
        }
        let advised = log.run("missing_index", reading: "the plans of \(workload.count) statements from \(source)") {
            try IndexAdvisor(database: database, options: options.indexOptions).advise(workload)
        }
        guard let advised else { return [] }
        let verified = advised.filter(\.verified).count
        log.detail("missing_index", "planned \(workload.count) statements from \(source): \(advised.count) index\(advised.count == 1 ? "" : "es") suggested, \(verified) verified on the planner")
        return IndexFindings.findings(advised)
    }

    private static func report(findings: [Finding], checks: [DatabaseCheck.Result], workload: [WorkloadStatement], source: String, options: Options) -> Report {
        let sorted = findings.sorted(by: Finding.isReportedBefore)
        var byKind: [String: Int] = [:]
        for kind in FindingKind.allCases { byKind[kind.rawValue] = 0 }
        for finding in sorted { byKind[finding.kind.rawValue, default: 0] += 1 }
        let calls = workload.reduce(0) { $0 + $1.calls }
        let total = workload.reduce(0) { $0 + $1.totalMilliseconds }
        var inputs = [Report.Input(
            path: source, format: workload.isEmpty ? "catalog" : "pg_stat_statements", lines: 0, events: calls, skippedLines: 0,
            firstSkippedLines: [], warnings: checks.filter { $0.status == .skipped }.map { "\($0.check) skipped: \($0.detail)" })]
        inputs += options.logPaths.map { Report.Input(path: $0, format: nil, lines: 0, events: 0, skippedLines: 0, firstSkippedLines: [], warnings: []) }
        let summary = Report.Summary(
            inputs: inputs.count, events: calls, units: 0, inferredUnits: 0, skippedLines: 0, findings: sorted.count, byKind: byKind,
            profile: options.profile.name.rawValue, durationMs: workload.isEmpty ? nil : Analyzer.rounded(total))
        return Report(
            summary: summary, inputs: inputs, findings: sorted,
            statements: workload.isEmpty ? nil : Array(workload.prefix(StatementTime.reportedCount).map(\.time)), checks: checks)
    }
}

extension WorkloadStatement {
    /// The statement as the index advisor takes it.
    var indexStatement: IndexAdvisor.Statement {
        IndexAdvisor.Statement(query: statement.text, shape: statement.shape, executions: calls, durationMs: totalMilliseconds)
    }
}
