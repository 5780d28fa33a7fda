import ArgumentParser
import QueryLensCore

@main
struct QueryLens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "querylens",
        abstract: "Find N+1 query patterns and missing indexes in query logs and live databases.",
        discussion: """
            Exit codes: 0 ran and nothing fails, 1 findings fail the run (check), \
            2 could not run (unreadable input, unreachable database), 64 bad usage.
            """,
        version: "querylens \(QueryLensVersion.current)\(QueryLensVersion.commit.map { " (\($0))" } ?? "") (fingerprint v\(Fingerprint.version))",
        subcommands: [AnalyzeCommand.self, CheckCommand.self, BaselineCommand.self, InspectCommand.self, IndexesCommand.self, RecordCommand.self, CollectCommand.self, MergeCommand.self, EventsCommand.self, SQLCommand.self, VersionCommand.self]
    )
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, the fingerprint algorithm version and the linked C libraries."
    )

    func run() {
        print("querylens \(QueryLensVersion.current)" + (QueryLensVersion.commit.map { " (\($0))" } ?? ""))
        print("fingerprint v\(Fingerprint.version)")
        print("libpq \(NativeLibraries.libpqVersion)")
        print("sqlite \(NativeLibraries.sqliteVersion)")
    }
}
