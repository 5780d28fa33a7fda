import Foundation
import QueryLensCore
import Testing

/// Logs written by a real PostgreSQL 15 (and a real rsyslog) with twelve `log_line_prefix`
/// values, csvlog and jsonlog with and without durations, and syslog in RFC 3164, 3339 and
/// 5424 (Fixtures/logs/server: README.md says how each was made, expected.json holds the
/// counts, taken from the workload and checked against pg_stat_statements).
@Suite("Server log corpus")
struct ServerLogCorpusTests {
    struct Expected: Decodable {
        let statements_executed: Int
        let statements_completed: Int
        let with_bound_parameters: Int
        let errors: Int
        let client_sessions_with_statements: Int
        let pgbadger_command: String?
        let pgbadger_queries: Int?
    }

    static let expected = expectedFacts("logs/server/expected.json", as: Expected.self)

    /// Each file, the layers around it, and the prefix QueryLens infers. It equals the server's
    /// setting except where two escapes print alike: `%x` is read as a number (`%l`), and
    /// `%u|%d|%a` without names around them are fields it cannot name (`%i`).
    static let files: [(String, [String], String?)] = [
        ("prefix-default.log", [], "%m [%p] "),
        ("prefix-debian.log", [], "%m [%p] %q%u@%d "),
        ("prefix-pgbadger.log", [], "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h "),
        ("prefix-rds.log", [], "%t:%r:%u@%d:[%p]:"),
        ("prefix-cloudsql.log", [], "%m [%p]: [%l-1] db=%d,user=%u "),
        ("prefix-azure.log", [], "%t-%c-"),
        ("prefix-rhel.log", [], "< %m >"),
        ("prefix-pganalyze.log", [], "%m [%p] %q[user=%u,db=%d,app=%a] "),
        ("prefix-epoch.log", [], "%n [%p] "),
        ("prefix-many-fields.log", [], "%m [%p] %q%u@%d %c %l %v %e %Q "),
        ("prefix-berlin.log", [], "%t [%p-%l] %q%u@%d "),
        ("prefix-pipes.log", [], "%m|%p|%i|%i|%i|%r|"),
        ("csvlog-durations.csv", [], nil),
        ("csvlog-statements.csv", [], nil),
        ("jsonlog-statements.json", [], nil),
        ("syslog-rfc3164.log", ["syslog-rfc3164", "postgres-syslog"], ""),
        ("syslog-rfc3164-prefix.log", ["syslog-rfc3164", "postgres-syslog"], "user=%u,db=%d,app=%a,client=%h "),
        ("syslog-rfc5424.log", ["syslog-rfc5424", "postgres-syslog"], "%m [%p] "),
        ("syslog-rfc3339.log", ["syslog-rfc3339", "postgres-syslog"], ""),
    ]

    @Test(arguments: files)
    func readsEveryExecutionWithoutBeingToldTheFormat(file: String, envelopes: [String], prefix: String?) throws {
        let expected = try #require(Self.expected[file])
        let (events, summary) = try readLog("logs/server/" + file)
        #expect(summary.envelopes == envelopes)
        #expect(summary.linePrefix == prefix)
        #expect(summary.diagnostics.skippedLines == 0)
        #expect(events.count == expected.statements_executed)
        #expect(events.filter { !$0.parameters.isEmpty }.count == expected.with_bound_parameters)
        #expect(events.filter { $0.error != nil }.count == expected.errors)
        // Durations where the server logged them: every completed statement, or none with
        // log_statement = 'all' and no log_duration.
        let withDurations = events.filter { $0.durationMilliseconds != nil }.count
        #expect(withDurations == (file.contains("statements") ? 0 : expected.statements_completed))
        // `< %m >` names no process, but `log_connections` tells each connection apart.
        #expect(Set(events.compactMap(\.session)).count == expected.client_sessions_with_statements)
        #expect(events.allSatisfy { $0.timestamp != nil })
        // The psql session's 10-line statement with a 1,207-byte line, whole (syslog cut it in pieces).
        let long = try #require(events.first { $0.sql.contains("\n") && $0.sql.utf8.count > 1207 })
        #expect(long.sql.split(separator: "\n").count == 10)
        #expect(long.sql.split(separator: "\n").contains { $0.utf8.count >= 1207 })
        // Clocks: `%t` and RFC 3164 syslog have whole seconds; `%m`, `%n` and RFC 5424/3339 do not.
        let coarse = prefix.map { !$0.contains("%m") && !$0.contains("%n") } ?? false
        #expect(summary.coarseClock == (coarse && !["syslog-rfc5424", "syslog-rfc3339"].contains(envelopes.first ?? "")))
        // The N+1 loop inside: 20 author lookups by the web session, 6 by pgbench.
        let report = try AnalysisPipeline().run(paths: [Repository.fixture("logs/server/" + file).path])
        let loop = try #require(report.findings.first { $0.kind == .nPlusOne && $0.table == "authors" })
        #expect(loop.count == 26)
    }

    /// pgBadger (Debian `pgbadger`) reads the same files with the options its manual asks for
    /// (`--prefix`, `-f syslog`, ...); QueryLens, told nothing, must read at least as many
    /// statements. Counts side by side: docs/logs.md.
    @Test(.enabled(if: Self.pgbadger != nil, "pgbadger is not installed (Debian package pgbadger): agreement not checked"), arguments: files.map(\.0))
    func readsAtLeastAsManyStatementsAsPgBadger(file: String) throws {
        let expected = try #require(Self.expected[file])
        let command = try #require(expected.pgbadger_command)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-pgbadger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.json").path
        let script = command.replacingOccurrences(of: "OUT.json", with: "'\(output)'") + " --pid-dir '\(directory.path)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = Repository.fixture("logs/server")
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let overall = json["overall_stat"] as? [String: Any]
        let pgbadgerQueries = (overall?["queries_number"] as? Int) ?? 0
        #expect(pgbadgerQueries == expected.pgbadger_queries)
        let (events, _) = try readLog("logs/server/" + file)
        #expect(events.count >= pgbadgerQueries)
    }

    /// csvlog had 23 columns up to PostgreSQL 12 and 24 in 13 (`backend_type`); 14 added
    /// `leader_pid` and `query_id`. The real PostgreSQL 15 rows cut to the older widths read the same.
    @Test(arguments: [23, 24])
    func csvlogOfOlderReleasesReadsTheSame(columns: Int) throws {
        let original = try Data(contentsOf: Repository.fixture("logs/server/csvlog-durations.csv"))
        var cut: [UInt8] = []
        var quoted = false
        var field = 0
        for byte in original {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted && byte == UInt8(ascii: "\n") {
                field = 0
                cut.append(byte)
                continue
            }
            if !quoted && byte == UInt8(ascii: ",") { field += 1 }
            if field < columns { cut.append(byte) }
        }
        let path = try temporaryFile(cut, name: "postgresql-\(columns).csv")
        var events: [QueryEvent] = []
        let summary = try LogIngest().read(path: path) { events.append($0) }
        #expect(summary.format == .postgresCSV)
        #expect(summary.diagnostics.skippedLines == 0)
        #expect(events.count == 33)
        #expect(events.filter { !$0.parameters.isEmpty }.count == 6)
        #expect(events.allSatisfy { $0.queryID == nil })
    }

    static let pgbadger: String? = ["/usr/bin/pgbadger", "/usr/local/bin/pgbadger"].first { FileManager.default.isExecutableFile(atPath: $0) }
}
