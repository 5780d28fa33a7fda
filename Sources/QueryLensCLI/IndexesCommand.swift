import ArgumentParser
import Foundation
import QueryLensCore

/// `querylens indexes`: compound indexes for a workload, verified on the real planner.
struct IndexesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indexes",
        abstract: "Suggest compound indexes for the statements of logs (or of pg_stat_statements), verified on the live planner.",
        discussion: """
            Connects read-only (PostgreSQL: default_transaction_read_only, statement_timeout, \
            application_name=querylens; SQLite: opened read-only), plans each distinct statement \
            without running it, designs an index for each one that reads a table in full or \
            sorts (equality columns, then ORDER BY columns or one range column), merges indexes \
            that share a prefix, and tries each: with HypoPG on PostgreSQL, on an in-memory \
            shadow of the schema for SQLite. Never creates anything on the database.

            Examples:
              querylens indexes --database postgres://app@db/app /var/log/postgresql/postgresql.log
              querylens indexes --database postgres://app@db/app --from pg_stat_statements
              querylens indexes --database Fixtures/demo/bookstore.sqlite3 Fixtures/demo/django.log
            """
    )

    @Argument(help: "Logs whose statements to index (omit with --from pg_stat_statements).")
    var inputs: [String] = []

    @Option(help: "The database: a PostgreSQL URI or conninfo, or a SQLite file (sqlite:PATH, file: URI or path).")
    var database: String

    @Option(help: "Take the workload from the server instead of logs: pg_stat_statements.")
    var from: String?

    @Option(help: "The log format, instead of detecting it.")
    var inputFormat: LogFormat?

    @Flag(help: "On PostgreSQL: measure SELECTs with EXPLAIN ANALYZE (with the values from the log, in a read-only transaction rolled back). Off by default: it runs the queries.")
    var analyze = false

    @Option(help: "Milliseconds an index must save across the log before it is suggested (default 0.5; planner cost 100 when the log has no durations).")
    var minIndexBenefit: Double?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        if inputs.isEmpty && from == nil { throw ValidationError("Give logs, or --from pg_stat_statements.") }
        if let from, from != "pg_stat_statements" { throw ValidationError("--from accepts pg_stat_statements.") }
        if !["text", "json"].contains(format) { throw ValidationError("--format is text or json.") }
    }

    func run() throws {
        let planner = try runOrExit { try openDatabase(database, analyze: analyze) }
        let statements = try runOrExit { () throws -> [IndexAdvisor.Statement] in
            do {
                if from != nil {
                    guard let postgres = planner as? PostgreSQLPlanner else { throw CommandFailure("--from pg_stat_statements needs a PostgreSQL database") }
                    return try DatabaseTarget.workload(fromStatistics: postgres.connection)
                }
                return try wrapInputErrors {
                    try DatabaseTarget.workload(paths: try LogIngest.expand(inputs), ingest: LogIngest(options: .init(format: inputFormat)))
                }
            } catch let error as DatabaseError {
                throw CommandFailure(error.description)
            }
        }
        let suggestions = try runOrExit { () throws -> [IndexAdvisor.Suggestion] in
            var options = IndexAdvisor.Options()
            if let minIndexBenefit { options.minimumBenefitMs = minIndexBenefit }
            do { return try IndexAdvisor(database: planner, options: options).advise(statements) } catch let error as DatabaseError { throw CommandFailure(error.description) }
        }
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(suggestions), as: UTF8.self))
            return
        }
        print("Planned \(statements.count) distinct statements: \(suggestions.count) index suggestion\(suggestions.count == 1 ? "" : "s").")
        for suggestion in suggestions {
            print("")
            print("\(suggestion.verified ? "verified" : "unverified") \(suggestion.createStatement)")
            if let reason = suggestion.unverifiedReason { print("  not verified: \(reason)") }
            for served in suggestion.statements {
                let after = served.costAfter.map { String(format: "%.1f", $0) } ?? "?"
                print("  \(served.executions)x \(served.query)")
                print("     \(served.problem); cost \(String(format: "%.1f", served.costBefore)) → \(after)\(served.usesIndex ? " using the index" : "")")
            }
            if !suggestion.redundantIndexes.isEmpty { print("  makes redundant: \(suggestion.redundantIndexes.joined(separator: ", "))") }
        }
    }
}
