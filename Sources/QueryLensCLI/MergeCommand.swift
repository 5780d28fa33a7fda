import ArgumentParser
import Foundation
import QueryLensCore

/// `querylens merge`: the JSON reports of several receivers or runs as one report.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge JSON reports (of several `collect` receivers, or runs over parts of a log) into one report.",
        discussion: """
            Findings merge by their stable ids: executions, units and time add up, the most \
            per unit is the largest seen, and the fix and example come from the report where \
            the finding ran most. Reports of different fingerprint versions are refused. How \
            to split traces over several receivers: docs/opentelemetry.md.

            Examples:
              querylens merge collector-a.json collector-b.json
              querylens merge --format sarif --output querylens.sarif reports/*.json
            """
    )

    @Argument(help: "JSON reports (`--format json` of analyze or collect).")
    var reports: [String]

    @Option(name: .shortAndLong, help: "Report format: text, json, sarif, junit, markdown, github, html (one self-contained page with a waterfall per finding).")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if reports.isEmpty { throw ValidationError("Give at least one JSON report.") }
    }

    func run() throws {
        let merged = try runOrExit {
            do {
                return try ReportMerge.merge(try reports.map(ReportMerge.load))
            } catch let error as ReportMerge.Error {
                throw CommandFailure(error.description)
            }
        }
        try emit(format.render(merged, colour: useColour(format: format, output: output)), to: output)
    }
}
