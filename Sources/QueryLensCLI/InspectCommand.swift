import ArgumentParser
import Foundation
import QueryLensCore

/// `querylens inspect`: a live database's query health, without a log.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Inspect a live database: its heaviest statements, N+1 suspects, and missing, unused, duplicate and invalid indexes.",
        discussion: """
            Connects read-only (default_transaction_read_only, statement_timeout, \
            application_name=querylens) and runs each check on the catalog and the statistics; \
            a check that cannot run (a missing extension, a privilege the role lacks) is \
            reported as skipped with the reason, and the others go on. Checks and their \
            counterparts in PgHero, pganalyze and Dexter: docs/inspect.md.

            PostgreSQL: the workload from pg_stat_statements (since the statistics were reset, \
            or with --window the traffic of the next minutes, from two snapshots, without \
            resetting anything), N+1 suspects from those counts, missing indexes for the \
            workload verified with HypoPG, unused, duplicate and invalid indexes, foreign keys \
            without an index, tables read by sequential scans, stale statistics. SQLite: \
            foreign keys without an index, duplicate indexes, tables ANALYZE never measured, and \
            missing indexes for the statements of the logs given.

            Exit 0 when it ran, 2 when the database cannot be reached, 64 on bad usage. To gate \
            a migration: querylens check --database URL --fail-on missing_index,unindexed_foreign_key

            Examples:
              querylens inspect --database postgres://app@db/app
              querylens inspect --database postgres://app@db/app --window 5m --format html --output health.html
              querylens inspect --database app.sqlite3 log/test.log
            """
    )

    @Argument(help: "Logs whose statements to plan for missing indexes (instead of pg_stat_statements; on SQLite, the only workload).")
    var inputs: [String] = []

    @Option(help: "The database: a PostgreSQL URI or conninfo, or a SQLite file (sqlite:PATH, file: URI or path).")
    var database: String

    @Option(help: "Measure the traffic of this long (30s, 5m, 1h) from two pg_stat_statements snapshots, instead of everything since the last reset.")
    var window: String?

    @Option(help: "The log format of the inputs, instead of detecting it.")
    var inputFormat: LogFormat?

    @Option(help: "Milliseconds an index must save across the workload before it is suggested (default 0.5).")
    var minIndexBenefit: Double?

    @Option(name: .shortAndLong, help: "Report format: text, json, sarif, junit, markdown, github, html.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(name: .shortAndLong, help: "No countdown on standard error while --window runs (shown only on a terminal anyway).")
    var quiet = false

    func validate() throws {
        if let window, Self.seconds(window) == nil { throw ValidationError("--window is a duration: 30s, 5m, 1h, or seconds.") }
    }

    /// `30s`, `5m`, `1h`, `90`: seconds, positive.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        let (number, unit) = text.last.flatMap { units[$0] }.map { (text.dropLast(), $0) } ?? (Substring(text), 1)
        guard let value = Double(number), value > 0 else { return nil }
        return value * unit
    }

    func run() throws {
        let target = try runOrExit { try openDatabase(database) }
        var options = DatabaseInspection.Options()
        if let minIndexBenefit { options.indexOptions.minimumBenefitMs = minIndexBenefit }
        if !inputs.isEmpty {
            options.logPaths = try LogIngest.expand(inputs)
            options.logWorkload = try runOrExit {
                try wrapInputErrors { try DatabaseTarget.workload(paths: options.logPaths, ingest: LogIngest(options: .init(format: inputFormat))) }
            }
        }
        var before: WorkloadSnapshot?
        let windowSeconds = window.flatMap(Self.seconds)
        if let windowSeconds {
            guard let postgres = target as? PostgreSQLPlanner else { throw ValidationError("--window measures pg_stat_statements: it needs a PostgreSQL database.") }
            before = try? WorkloadSnapshot.take(postgres.connection)
            let meter = ProgressMeter(quiet: quiet)
            let end = Date().addingTimeInterval(windowSeconds)
            meter?.live { "measuring the workload: \(max(0, Int(end.timeIntervalSinceNow.rounded(.up)))) s left" }
            Thread.sleep(forTimeInterval: windowSeconds)
            meter?.finish()
        }
        let report = DatabaseInspection.inspect(target, before: before, windowSeconds: windowSeconds, options: options)
        try emit(format.render(report, colour: useColour(format: format, output: output)), to: output)
    }
}
