import ArgumentParser
import Foundation
import QueryLensCore

/// Options every command that reads logs shares.
struct LogOptions: ParsableArguments {
    @Argument(help: "Log files or directories to read; - for standard input. .gz files are decompressed.")
    var inputs: [String] = []

    @Option(help: "The log format, instead of detecting it per file: \(LogFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var inputFormat: LogFormat?

    @Option(help: "The server's log_line_prefix, for PostgreSQL stderr logs whose prefix is not detected (e.g. '%m [%p] %q%u@%d ').")
    var logLinePrefix: String?

    @Option(help: "The pause (milliseconds) that ends a unit of work on one session, instead of learning it from the session's own gaps.")
    var idleGap: Double?

    @Flag(name: .shortAndLong, help: "No progress line on standard error (shown only on a terminal anyway).")
    var quiet = false

    func validate() throws {
        if let idleGap, idleGap <= 0 { throw ValidationError("--idle-gap must be a positive number of milliseconds.") }
    }

    /// Commands that read logs call this from their own `validate()` (`check --database` may
    /// inspect the database instead).
    func requireInputs() throws {
        if inputs.isEmpty { throw ValidationError("Give at least one log file, directory, or - for standard input.") }
    }

    var ingest: LogIngest {
        LogIngest(options: .init(format: inputFormat, linePrefix: logLinePrefix.map(LinePrefix.init)))
    }

    var grouperOptions: UnitGrouper.Options {
        UnitGrouper.Options(idleGap: idleGap.map { Int64($0 * 1000) })
    }
}

extension LogFormat: ExpressibleByArgument {}

/// `querylens events`: what the readers see in a log, as QueryLens JSONL.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the query events QueryLens reads from logs, as QueryLens JSONL.",
        discussion: """
            One JSON object per statement execution (docs/jsonl.md). With --units, events are \
            grouped into units of work and each carries its unit id (docs/units.md). A summary \
            per input (format, events, skipped lines) goes to standard error. Parameter values \
            are redacted unless --show-values is given.

            Examples:
              querylens events /var/log/postgresql/postgresql-15-main.log
              querylens events --units --idle-gap 50 log/development.log
              querylens events postgresql.log.1.gz postgresql.log > queries.jsonl
            """
    )

    @OptionGroup var logs: LogOptions

    func validate() throws { try logs.requireInputs() }

    @Flag(help: "Group events into units of work and print each event with its unit id.")
    var units = false

    @Flag(help: "Print parameter values (redacted by default: logs hold personal data).")
    var showValues = false

    func run() throws {
        let ingest = logs.ingest
        var normalizer = Normalizer()
        var output = BufferedOutput()
        var summaries: [LogIngest.InputSummary] = []
        let paths = try runOrExit { try wrapInputErrors { try LogIngest.expand(logs.inputs) } }
        let showValues = self.showValues
        func emitUnit(_ unit: UnitOfWork) {
            for member in unit.events { output.write(JSONLWriter.line(member.event, unit: unit.id, showValues: showValues)) }
        }
        for path in paths {
            // As `analyze` groups them: units and sessions end with their input.
            var grouper = UnitGrouper(options: logs.grouperOptions)
            let summary = try runOrExit {
                try wrapInputErrors {
                    try ingest.read(path: path) { event in
                        if units {
                            let (fingerprint, tags) = normalizer.fingerprintAndTags(of: event.sql)
                            grouper.add(AnalyzedEvent(event: event, fingerprint: fingerprint, tags: tags), emit: emitUnit)
                        } else {
                            output.write(JSONLWriter.line(event, showValues: showValues))
                        }
                    }
                }
            }
            if units { grouper.finish(emit: emitUnit) }
            summaries.append(summary)
        }
        output.flush()
        for summary in summaries { reportSummary(summary) }
    }
}

/// One line per input on standard error: what was read, what was skipped and why.
func reportSummary(_ summary: LogIngest.InputSummary) {
    let layers = summary.envelopes.map { $0 + " > " }.joined()
    var parts = ["\(summary.path): \(layers)\(summary.format?.rawValue ?? "unknown format")\(summary.compressed ? " (gzip)" : "")"]
    if let prefix = summary.linePrefix {
        parts.append("log_line_prefix '\(prefix)'\(summary.linePrefixInferred ? " (inferred)" : "")")
    }
    parts += ["\(summary.lines) lines", "\(summary.events) events"]
    if let skipped = summary.diagnostics.summary { parts.append(skipped) }
    var text = parts.joined(separator: ", ")
    for warning in summary.diagnostics.warnings { text += "\n\(summary.path): warning: \(warning)" }
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Maps an unreadable input to the one-line, exit-code-2 failure.
func wrapInputErrors<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as InputError {
        throw CommandFailure("cannot read \(error.description)")
    }
}

/// Standard output in 64 KB writes rather than one `print` per line.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
