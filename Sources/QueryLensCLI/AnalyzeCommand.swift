import ArgumentParser
import Foundation
import QueryLensCore

extension DetectionProfile.Name: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension SQLDialect: ExpressibleByArgument {}

/// `querylens analyze`: the main job. Finds N+1 queries, N+1 writes and repeated queries in
/// logs and says what to change.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find N+1 queries, N+1 writes and repeated queries in query logs, with the fix for each.",
        discussion: """
            Reads PostgreSQL (stderr, csvlog, jsonlog), Rails, Django, QueryLens JSONL and plain \
            SQL logs, groups statements into units of work (requests, transactions, sessions \
            split at pauses), and reports, worst first, each loop with its batched query, a \
            loader sketch and the ORM's eager-loading call. Detectors and thresholds: \
            docs/detectors.md. Exit code 0 whatever is found (use `check` to fail a CI run), \
            2 when an input cannot be read, 64 on bad usage.

            Examples:
              querylens analyze /var/log/postgresql/postgresql-15-main.log
              querylens analyze --profile test --format markdown log/test.log
              querylens analyze --format sarif --output querylens.sarif postgresql.log.*.gz
            """
    )

    @OptionGroup var logs: LogOptions
    @OptionGroup var analysis: AnalysisOptions

    func validate() throws { try logs.requireInputs() }

    @Option(name: .shortAndLong, help: "Report format: text, json, sarif, junit, markdown, github, html (one self-contained page with a waterfall per finding).")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        let config = try runOrExit { try analysis.loadConfig() }
        let report = try analysis.report(logs: logs, config: config)
        try emit(format.render(report, colour: useColour(format: format, output: output)), to: output)
        for input in report.inputs where format != .text {
            for warning in input.warnings { FileHandle.standardError.write(Data("\(input.path): warning: \(warning)\n".utf8)) }
        }
    }
}
