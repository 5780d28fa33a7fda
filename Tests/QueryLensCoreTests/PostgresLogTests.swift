import Foundation
import QueryLensCore
import Testing

/// PostgreSQL 15 logs written by a real server (Fixtures/logs/postgres, see its README and
/// expected.json for how each was produced and what it holds).
@Suite("PostgreSQL logs")
struct PostgresLogTests {
    @Test(arguments: [
        ("logs/postgres/workload.stderr.log", LogFormat.postgresStderr),
        ("logs/postgres/workload.csv", .postgresCSV),
        ("logs/postgres/workload.json", .postgresJSON),
    ])
    func workloadHasEveryExecutionOnce(path: String, format: LogFormat) throws {
        let (events, summary) = try readLog(path)
        #expect(summary.format == format)
        #expect(events.count == 70)
        #expect(events.filter { !$0.parameters.isEmpty }.count == 18)
        #expect(events.filter { $0.error != nil }.count == 2)
        #expect(events.filter { $0.durationMilliseconds != nil }.count == 68)
        #expect(summary.diagnostics.skippedLines == 0)
        #expect(Set(events.compactMap(\.error).map { $0.contains("missing_table") || $0.contains("division by zero") }) == [true])
        // Multi-line statements keep their newlines.
        #expect(events.filter { $0.sql.contains("\n") }.count >= 2)
        // Parse and bind steps are not executions: no statement is counted twice in a row.
        let extended = events.filter { $0.session == events.first { !$0.parameters.isEmpty }?.session }
        #expect(extended.count == 12)
        #expect(extended.filter { !$0.parameters.isEmpty }.count == 9)
        #expect(extended.allSatisfy { $0.parameters.isEmpty != $0.sql.contains("$1") })
    }

    @Test func theThreeDestinationsGiveTheSameEvents() throws {
        func key(_ event: QueryEvent) -> String {
            "\(event.session ?? "")|\(event.user ?? "")|\(event.database ?? "")|\(event.sql)|\(event.parameters)|\(event.durationMilliseconds.map { String($0) } ?? "-")|\(event.error != nil)|\(event.timestamp.map { $0 / 1000 } ?? 0)"
        }
        let stderr = try readLog("logs/postgres/workload.stderr.log").events.map(key)
        let csv = try readLog("logs/postgres/workload.csv").events.map(key)
        let json = try readLog("logs/postgres/workload.json").events.map(key)
        #expect(stderr == csv)
        #expect(stderr == json)
    }

    @Test func parametersAreAttachedWithTheirValues() throws {
        let events = try readLog("logs/postgres/workload.stderr.log").events
        let withValues = try #require(events.first { !$0.parameters.isEmpty })
        #expect(withValues.parameters.allSatisfy { $0 != nil && !($0 ?? "").isEmpty })
        #expect(withValues.user != nil && withValues.database != nil)
        #expect(withValues.timestamp != nil)
    }

    @Test func logStatementAllJoinsTheLaterDuration() throws {
        let (events, summary) = try readLog("logs/postgres/log-statement-all.pgbadger-prefix.log")
        #expect(summary.diagnostics.skippedLines == 0)
        #expect(events.count == 12)
        #expect(events.filter { !$0.parameters.isEmpty }.count == 6)
        #expect(events.filter { $0.error != nil }.count == 1)
        #expect(events.filter { $0.durationMilliseconds != nil }.count == 11)
        #expect(events.allSatisfy { $0.application != nil && $0.user != nil })
    }

    @Test func upstreamDefaultPrefixIsDetected() throws {
        let (events, summary) = try readLog("logs/postgres/default-prefix.log")
        #expect(summary.format == .postgresStderr)
        #expect(events.count == 4)
        #expect(events.allSatisfy { $0.user == nil && $0.session != nil && $0.durationMilliseconds != nil })
    }

    @Test func anExplicitPrefixIsUsedAndAWrongOneIsReported() throws {
        let right = try readLog("logs/postgres/workload.stderr.log", prefix: "%m [%p] %q%u@%d ")
        #expect(right.events.count == 70)
        let wrong = try readLog("logs/postgres/workload.stderr.log", prefix: "%t <%p> ")
        #expect(wrong.events.isEmpty)
        #expect(wrong.summary.diagnostics.skippedLines > 100)
        #expect(wrong.summary.diagnostics.firstSkippedLines.count == ReadDiagnostics.keptLineNumbers)
    }

    @Test func aLogInAnotherLanguageSaysSo() throws {
        let (events, summary) = try readLog("logs/handwritten/german.stderr.log")
        #expect(events.isEmpty)
        #expect(summary.diagnostics.warnings.contains { $0.contains("lc_messages") })
    }

    @Test func unitsFollowRequestsTransactionsAndTraceIds() throws {
        let grouped = units(try readLog("logs/postgres/workload.stderr.log").events)
        let traced = try #require(grouped.first { $0.id.hasPrefix("trace:4bf92f35") })
        #expect(traced.events.count == 11)
        #expect(traced.boundary == .explicit)
        // psql's session: two transactions and five autocommit statements, back to back, are
        // one unit: transactions are inside units, not units of their own.
        let psql = try #require(grouped.first { $0.events.first?.event.sql.hasPrefix("BEGIN") == true })
        #expect(psql.events.count == 13)
        #expect(psql.events.filter { $0.event.sql.hasPrefix("BEGIN") }.count == 2)
        #expect(!grouped.contains { $0.boundary == .transaction })
        // The two untagged web requests, separated by a pause, are two units of 11.
        let web = grouped.filter { $0.session == traced.events[0].event.session && $0.boundary == .idleGap }
        #expect(web.map(\.events.count) == [11, 11])
    }

    @Test(arguments: [
        ("parameters: $1 = '5', $2 = NULL, $3 = 'it''s'", ["5", nil, "it's"] as [String?]),
        ("Parameters: $1 = 'abc...'", ["abc..."]),
        ("parameters: $1 = ''", [""]),
    ])
    func parameterDetails(detail: String, values: [String?]) {
        let events = readStderr("2026-11-25 10:00:00.000 UTC [7] LOG:  execute <unnamed>: SELECT $1\n2026-11-25 10:00:00.000 UTC [7] DETAIL:  \(detail)\n")
        #expect(events.first?.parameters == values)
    }

    @Test func bindDetailsAndFetchContinuationsAreNotExecutions() {
        let log = """
            2026-11-25 10:00:00.000 UTC [7] LOG:  duration: 0.010 ms  parse <unnamed>: SELECT $1
            2026-11-25 10:00:00.000 UTC [7] LOG:  duration: 0.010 ms  bind <unnamed>: SELECT $1
            2026-11-25 10:00:00.000 UTC [7] DETAIL:  parameters: $1 = '1'
            2026-11-25 10:00:00.001 UTC [7] LOG:  duration: 0.020 ms  execute <unnamed>: SELECT $1
            2026-11-25 10:00:00.001 UTC [7] DETAIL:  parameters: $1 = '1'
            2026-11-25 10:00:00.002 UTC [7] LOG:  duration: 0.020 ms  execute fetch from <unnamed>/C_1: SELECT $1
            2026-11-25 10:00:01.000 UTC [9] LOG:  checkpoint starting: time
            """
        let events = readStderr(log + "\n")
        #expect(events.count == 1)
        #expect(events.first?.durationMilliseconds == 0.02)
        #expect(events.first?.parameters == ["1"])
    }

    @Test func garbageIsCountedNotFatal() throws {
        var bytes = Array("2026-11-25 10:00:00.000 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT 1\n".utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x41, 0x0A] + Array("not a log line\n".utf8)
        bytes += Array("2026-11-25 10:00:00.001 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT 'caf".utf8) + [0xC3]  // truncated, invalid UTF-8
        let path = try temporaryFile(bytes, name: "mixed.log")
        var events: [QueryEvent] = []
        let summary = try LogIngest().read(path: path) { events.append($0) }
        #expect(events.count == 2)
        #expect(summary.diagnostics.skippedLines == 2)
        #expect(summary.diagnostics.firstSkippedLines == [2, 3])
        #expect(events[1].sql.hasPrefix("SELECT 'caf"))
    }

    @Test func aTenMegabyteStatementIsRead() throws {
        let big = "SELECT '" + String(repeating: "x", count: 10_000_000) + "'"
        let text = "2026-11-25 10:00:00.000 UTC [7] LOG:  duration: 1.000 ms  statement: \(big)\n2026-11-25 10:00:00.001 UTC [7] LOG:  duration: 1.000 ms  statement: SELECT 2\n"
        let path = try temporaryFile(Array(text.utf8), name: "big.log")
        var events: [QueryEvent] = []
        _ = try LogIngest().read(path: path) { events.append($0) }
        #expect(events.count == 2)
        #expect(events[0].sql.utf8.count == big.utf8.count)
    }

    private func readStderr(_ text: String) -> [QueryEvent] {
        var reader = PostgresStderrReader(prefix: LinePrefix("%m [%p] "))
        var events: [QueryEvent] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var copy = String(line)
            copy.withUTF8 { reader.read(line: UnsafeRawBufferPointer($0), number: number) { events.append($0) } }
        }
        reader.finish { events.append($0) }
        return events
    }
}
