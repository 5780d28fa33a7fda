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

    @Option(help: "Thresholds: default (3 executions in a unit), test (2 with distinct values), production (5 executions and 50 ms in a unit, in 3 units).")
    var profile: DetectionProfile.Name = .standard

    @Option(help: "Executions of one statement in one unit before it is reported (overrides the profile).")
    var minRepeats: Int?

    @Option(help: "Units a pattern must appear in before it is reported (overrides the profile).")
    var minUnits: Int?

    @Option(help: "Milliseconds a loop must cost in one unit before it is reported (overrides the profile).")
    var minDuration: Double?

    @Option(help: "The SQL dialect of the suggested queries: postgresql, sqlite (default: from the log).")
    var dialect: SQLDialect?

    @Option(name: .shortAndLong, help: "Report format: text, json, sarif, junit, markdown, github.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(help: "Include parameter values and literal SQL in reports (redacted by default: logs hold personal data).")
    var showValues = false

    func validate() throws {
        if let minRepeats, minRepeats < 2 { throw ValidationError("--min-repeats must be at least 2.") }
        if let minUnits, minUnits < 1 { throw ValidationError("--min-units must be at least 1.") }
        if let minDuration, minDuration < 0 { throw ValidationError("--min-duration cannot be negative.") }
    }

    func run() throws {
        let report = try runOrExit { try wrapInputErrors { try analyze() } }
        try write(report)
        for input in report.inputs where format != .text {
            for warning in input.warnings { FileHandle.standardError.write(Data("\(input.path): warning: \(warning)\n".utf8)) }
        }
    }

    func analyze() throws -> Report {
        var detection = DetectionProfile(profile)
        if let minRepeats { detection.minimumRepeats = minRepeats }
        if let minUnits { detection.minimumUnits = minUnits }
        if let minDuration { detection.minimumDurationMilliseconds = minDuration }
        let pipeline = AnalysisPipeline(
            ingest: logs.ingest, grouperOptions: logs.grouperOptions,
            analyzerOptions: Analyzer.Options(profile: detection, dialect: dialect, showValues: showValues))
        return try pipeline.run(paths: try LogIngest.expand(logs.inputs))
    }

    func write(_ report: Report) throws {
        let colour = format == .text && output == nil && isatty(STDOUT_FILENO) == 1
            && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        let text = format.render(report, colour: colour)
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            FileHandle.standardError.write(Data("querylens: cannot write \(output): \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
    }
}
