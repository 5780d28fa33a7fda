import ArgumentParser
import Foundation
import QueryLensCore

/// The detection options `analyze`, `check` and `baseline` share. Unset options fall back to
/// `.querylens.yml`, then to the profile.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "Thresholds: default (3 executions in a unit), test (2 with distinct values), production (5 executions and 50 ms in a unit, in 3 units).")
    var profile: DetectionProfile.Name?

    @Option(help: "Executions of one statement in one unit before it is reported (overrides the profile).")
    var minRepeats: Int?

    @Option(help: "Units a pattern must appear in before it is reported (overrides the profile).")
    var minUnits: Int?

    @Option(help: "Milliseconds a loop must cost in one unit before it is reported (overrides the profile).")
    var minDuration: Double?

    @Option(help: "The SQL dialect of the suggested queries: postgresql, sqlite (default: from the log).")
    var dialect: SQLDialect?

    @Flag(help: "Include parameter values and literal SQL in reports (redacted by default: logs hold personal data).")
    var showValues = false

    @Option(help: "The configuration file (default: the nearest .querylens.yml in this directory or above).")
    var config: String?

    @Option(help: "A live database, read-only, for missing-index findings and the plans of batched queries: a PostgreSQL URI or conninfo, or a SQLite file.")
    var database: String?

    @Flag(help: "With a PostgreSQL --database: measure SELECTs with EXPLAIN ANALYZE (with the values from the log, in a read-only transaction rolled back). Off by default: it runs the queries.")
    var analyze = false

    @Option(help: "With --database: milliseconds an index must save across the log before it is suggested (default 0.5; planner cost 100 when the log has no durations).")
    var minIndexBenefit: Double?

    @Option(help: "Threads that read and analyze logs (default: one per core): rotated files side by side, one large file read while another thread finds its units and patterns. The report is the same for any number; 1 runs everything on one thread.")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be between 1 and 256.") }
        if let minIndexBenefit, minIndexBenefit < 0 { throw ValidationError("--min-index-benefit cannot be negative.") }
        if let minRepeats, minRepeats < 2 { throw ValidationError("--min-repeats must be at least 2.") }
        if let minUnits, minUnits < 1 { throw ValidationError("--min-units must be at least 1.") }
        if let minDuration, minDuration < 0 { throw ValidationError("--min-duration cannot be negative.") }
    }

    /// The configuration in force; a malformed file is one line naming file and line, exit 2.
    func loadConfig() throws -> QueryLensConfig {
        let path = config ?? QueryLensConfig.locate(from: FileManager.default.currentDirectoryPath)
        guard let path else { return QueryLensConfig() }
        do {
            return try QueryLensConfig.load(path: path)
        } catch let error as QueryLensConfig.Error {
            throw CommandFailure(error.description)
        }
    }

    /// The detection settings: these options over the configuration over the profile.
    func analyzerOptions(config: QueryLensConfig, liveDialect: SQLDialect? = nil) -> Analyzer.Options {
        var detection = DetectionProfile(profile ?? config.profile ?? .standard)
        if let value = minRepeats ?? config.minRepeats { detection.minimumRepeats = value }
        if let value = minUnits ?? config.minUnits { detection.minimumUnits = value }
        if let value = minDuration ?? config.minDurationMs { detection.minimumDurationMilliseconds = value }
        return Analyzer.Options(profile: detection, dialect: dialect ?? config.dialect ?? liveDialect, showValues: showValues)
    }

    func pipeline(logs: LogOptions, config: QueryLensConfig) throws -> AnalysisPipeline {
        let ingest = LogIngest(options: .init(
            format: logs.inputFormat ?? config.inputFormat,
            linePrefix: (logs.logLinePrefix ?? config.logLinePrefix).map(LinePrefix.init)))
        let idleGap = logs.idleGap ?? config.idleGapMs
        let live = try database.map { try openDatabase($0, analyze: analyze) }
        var indexOptions = IndexAdvisor.Options()
        if let minIndexBenefit { indexOptions.minimumBenefitMs = minIndexBenefit }
        var pipeline = AnalysisPipeline(
            ingest: ingest, grouperOptions: UnitGrouper.Options(idleGap: idleGap.map { Int64($0 * 1000) }),
            analyzerOptions: analyzerOptions(config: config, liveDialect: live?.dialect),
            database: live, indexOptions: indexOptions)
        pipeline.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        return pipeline
    }

    /// `inspect`'s report of `--database`, for `check` and `baseline` without a log.
    func inspection() throws -> Report {
        let target = try runOrExit { () throws -> any PlanningDatabase in
            guard let database else { throw CommandFailure("no database to inspect") }
            return try openDatabase(database)
        }
        var options = DatabaseInspection.Options()
        if let minIndexBenefit { options.indexOptions.minimumBenefitMs = minIndexBenefit }
        return DatabaseInspection.inspect(target, options: options)
    }

    func report(logs: LogOptions, config: QueryLensConfig) throws -> Report {
        try runOrExit {
            try wrapInputErrors {
                do {
                    let paths = try LogIngest.expand(logs.inputs)
                    var pipeline = try pipeline(logs: logs, config: config)
                    let meter = ProgressMeter(quiet: logs.quiet)
                    defer { meter?.finish() }
                    if let meter {
                        let total = paths.reduce(Int64(0)) { sum, path in
                            sum + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
                        }
                        pipeline.progress = { bytes, events in meter.reading(bytes: bytes, of: total, events: events) }
                    }
                    return try pipeline.run(paths: paths)
                } catch let error as DatabaseError {
                    throw CommandFailure("database: \(error.description)")
                }
            }
        }
    }
}

/// Opens what `--database` names, read-only; a failure is one line naming the host or file
/// (never the password), and exit code 2 under `runOrExit`.
func openDatabase(_ target: String, analyze: Bool = false) throws -> any PlanningDatabase {
    do { return try DatabaseTarget.open(target, analyze: analyze) } catch let error as DatabaseError { throw CommandFailure(error.message) }
}

/// Writes a rendered report to `--output` or standard output.
func emit(_ text: String, to output: String?) throws {
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

/// Colour for the text report: on a terminal, unless NO_COLOR is set.
func useColour(format: ReportFormat, output: String?) -> Bool {
    format == .text && output == nil && isatty(STDOUT_FILENO) == 1
        && (ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true)
}
