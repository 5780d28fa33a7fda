import ArgumentParser
import Foundation
import QueryLensCore

/// `querylens check`: the CI gate. Exit 0 when nothing new fails, 1 when a finding fails the run.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fail a CI run on new N+1 queries: exit 1 when a finding is new or grew, 0 otherwise.",
        discussion: """
            Runs `analyze` and compares its findings with a baseline (`querylens baseline`): \
            only findings that are new, or whose executions per unit grew beyond the tolerance, \
            fail the run; baseline entries no longer found are listed as gone. Settings come \
            from the options, then from .querylens.yml (found upward from the working directory), \
            whose `allow` rules accept findings with a reason. A statement carrying \
            `-- querylens:ignore n_plus_one` is never reported. Recipes: docs/ci.md.

            Exit codes: 0 nothing fails, 1 findings fail the run, 2 could not run (unreadable \
            log, baseline or configuration), 64 bad usage. When GITHUB_STEP_SUMMARY is set, a \
            markdown summary is appended to it.

            Examples:
              querylens check --baseline querylens-baseline.json log/test.log
              querylens check --format github --fail-on n_plus_one /tmp/postgresql.log
              querylens check --baseline querylens-baseline.json --update-baseline log/test.log
              querylens check --database postgres://ci@localhost/app_test --fail-on missing_index,unindexed_foreign_key,duplicate_index
            """
    )

    @OptionGroup var logs: LogOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(help: "The baseline of accepted findings (default: the config's `baseline`). Without one, every failing finding is new.")
    var baseline: String?

    @Flag(help: "Rewrite the baseline without the entries that are gone and with lower counts where runs improved (new findings are not added).")
    var updateBaseline = false

    @Option(help: "Comma-separated finding kinds that fail the run (default: n_plus_one,n_plus_one_sequence,n_plus_one_write,n_plus_one_http).")
    var failOn: String?

    @Option(help: "Fail only findings that ran more than this many times in one unit (default 0: any).")
    var maxRepeats: Int?

    @Option(help: "Fail only findings that waste at least this many milliseconds (their time minus one batched query's).")
    var minWastedMs: Double?

    @Option(help: "How much a baseline finding may grow, in executions per unit, before it fails (default 0.2 = 20%).")
    var tolerance: Double?

    @Option(name: .shortAndLong, help: "Format of the failing findings: text, json, sarif, junit, markdown, github, html (one self-contained page with a waterfall per finding).")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the failing findings to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if analysis.database == nil { try logs.requireInputs() }
        if let failOn {
            for kind in failOn.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !CheckGate.failableKinds.contains(kind) {
                throw ValidationError("Unknown kind \(kind) for --fail-on; known: \(CheckGate.failableKinds.joined(separator: ", ")).")
            }
        }
        if let maxRepeats, maxRepeats < 0 { throw ValidationError("--max-repeats cannot be negative.") }
        if let tolerance, tolerance < 0 { throw ValidationError("--tolerance cannot be negative.") }
        if updateBaseline && baseline == nil && (try? analysis.loadConfig())?.baseline == nil {
            throw ValidationError("--update-baseline needs a baseline: --baseline FILE or `baseline:` in .querylens.yml.")
        }
    }

    func run() throws {
        let config = try runOrExit { try analysis.loadConfig() }
        let baselinePath = baseline ?? config.baseline.map { path in
            guard let configPath = config.path, !path.hasPrefix("/") else { return path }
            return URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(path).path
        }
        let known = try runOrExit { () -> Baseline? in
            guard let baselinePath else { return nil }
            do {
                return try Baseline.load(path: baselinePath)
            } catch let error as Baseline.Error {
                throw CommandFailure(error.description)
            }
        }
        // With a database and no log: gate on what `inspect` finds (a migration's schema in CI).
        let report = logs.inputs.isEmpty ? try analysis.inspection() : try analysis.report(logs: logs, config: config)
        let policy = CheckGate.Policy(
            failOn: Set((failOn.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? config.failOn ?? Array(CheckGate.defaultFailOn))),
            maxRepeats: maxRepeats ?? config.maxRepeats ?? 0, minWastedMs: minWastedMs ?? config.minWastedMs ?? 0,
            tolerance: tolerance ?? config.tolerance ?? 0.2)
        let outcome = CheckGate.evaluate(report, baseline: known, policy: policy, allow: config.allow)

        var failing = report
        failing.findings = outcome.failures.map(\.finding)
        if format == .text {
            try emit(CheckText.render(outcome, report: report, baseline: baselinePath, colour: useColour(format: format, output: output)), to: output)
        } else {
            try emit(format.render(failing), to: output)
            FileHandle.standardError.write(Data((CheckText.headline(outcome, report: report) + "\n").utf8))
        }
        if let summaryPath = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summaryPath.isEmpty {
            CheckText.appendStepSummary(outcome, failing: failing, to: summaryPath)
        }
        if updateBaseline, let baselinePath, let known {
            let tightened = CheckGate.tightened(known, by: report)
            try runOrExit {
                do { try tightened.write(to: baselinePath) } catch { throw CommandFailure("cannot write \(baselinePath): \(error.localizedDescription)") }
            }
            FileHandle.standardError.write(Data("querylens: baseline \(baselinePath) tightened: \(known.entries.count - tightened.entries.count) entries removed\n".utf8))
        }
        if !outcome.passed { throw ExitCode(1) }
    }
}

/// `querylens baseline`: record today's findings so that `check` fails only on new ones.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the findings of these logs (or of a database's inspection) as accepted, for `check --baseline`.",
        discussion: """
            Writes every finding (keyed by kind and fingerprint, with its executions per unit) \
            to a JSON file meant to be committed. Commit it, then run `querylens check \
            --baseline FILE` in CI: it fails only on findings that are not in it or grew.

            Examples:
              querylens baseline log/test.log --output querylens-baseline.json
              querylens baseline --database postgres://ci@localhost/app_test --output querylens-schema-baseline.json
            """
    )

    @OptionGroup var logs: LogOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(name: .shortAndLong, help: "Where to write the baseline.")
    var output = "querylens-baseline.json"

    func validate() throws {
        if analysis.database == nil { try logs.requireInputs() }
    }

    func run() throws {
        let config = try runOrExit { try analysis.loadConfig() }
        // With a database and no log: accept what `inspect` finds today (a schema's known debts).
        let report = logs.inputs.isEmpty ? try analysis.inspection() : try analysis.report(logs: logs, config: config)
        let baseline = Baseline(findings: report.findings)
        try runOrExit {
            do { try baseline.write(to: output) } catch { throw CommandFailure("cannot write \(output): \(error.localizedDescription)") }
        }
        FileHandle.standardError.write(Data("querylens: \(baseline.entries.count) findings recorded in \(output)\n".utf8))
    }
}

/// The text output of `check`.
enum CheckText {
    static func headline(_ outcome: CheckGate.Outcome, report: Report) -> String {
        let new = outcome.failures.filter { $0.reason == .new }.count
        let grown = outcome.failures.count - new
        var parts: [String] = []
        if new > 0 { parts.append("\(new) new") }
        if grown > 0 { parts.append("\(grown) grown") }
        if !outcome.known.isEmpty { parts.append("\(outcome.known.count) in the baseline") }
        if !outcome.allowed.isEmpty { parts.append("\(outcome.allowed.count) allowed") }
        if !outcome.tolerated.isEmpty { parts.append("\(outcome.tolerated.count) not failing") }
        if !outcome.gone.isEmpty { parts.append("\(outcome.gone.count) baseline \(outcome.gone.count == 1 ? "entry" : "entries") gone") }
        let verdict = outcome.passed ? "passed" : "FAILED"
        return "QueryLens check \(verdict): \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s")" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))") + "."
    }

    static func render(_ outcome: CheckGate.Outcome, report: Report, baseline: String?, colour: Bool) -> String {
        var lines = [headline(outcome, report: report)]
        if !outcome.failures.isEmpty {
            var failing = report
            failing.findings = outcome.failures.map(\.finding)
            let details = TextReport.render(failing, colour: colour).split(separator: "\n", omittingEmptySubsequences: false).dropFirst(1 + report.inputs.count)
            lines.append("")
            for failure in outcome.failures {
                switch failure.reason {
                case .new: lines.append("new:    \(failure.finding.id)")
                case .grown(let from): lines.append("grown:  \(failure.finding.id) (\(from) → \(failure.finding.maxPerUnit) executions per unit)")
                }
            }
            lines += details.map(String.init)
        }
        for entry in outcome.gone {
            lines.append("gone:   \(entry.id) \(entry.query) — fixed, or not exercised by these logs; tighten the baseline with --update-baseline")
        }
        for (finding, rule) in outcome.allowed {
            lines.append("allowed: \(finding.id) (\(rule.reason))")
        }
        if baseline == nil && !outcome.failures.isEmpty {
            lines.append("")
            lines.append("No baseline: to accept today's findings and fail only on new ones, run `querylens baseline LOG --output querylens-baseline.json` (or `--database URL` without a log) and commit it.")
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n"
    }

    static func appendStepSummary(_ outcome: CheckGate.Outcome, failing: Report, to path: String) {
        var text = "\n" + MarkdownReport.render(failing).replacingOccurrences(of: "## QueryLens\n", with: "## QueryLens check: \(outcome.passed ? "passed" : "failed")\n")
        if !outcome.gone.isEmpty {
            text += "\nBaseline entries gone (fixed, or not exercised): " + outcome.gone.map { "`\($0.id)`" }.joined(separator: ", ") + "\n"
        }
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { return }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }
}
