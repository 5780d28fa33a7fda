import Foundation
import QueryLensCore
import Testing

/// Each envelope on small inputs: what it unwraps, and what it must leave alone. The real
/// fixtures are read in `EnvelopeFixtureTests` and `ServerLogCorpusTests`.
@Suite("Envelopes")
struct EnvelopeTests {
    /// Reads `text` as a file the way the CLI does.
    private func read(_ text: String, name: String = "input.log") throws -> (events: [QueryEvent], summary: LogIngest.InputSummary) {
        let path = try temporaryFile(Array(text.utf8), name: name)
        var events: [QueryEvent] = []
        let summary = try LogIngest().read(path: path) { events.append($0) }
        return (events, summary)
    }

    private func unwrap(_ envelope: any LogEnvelope, _ lines: [String]) -> [String] {
        var inner: [String] = []
        for (index, line) in lines.enumerated() {
            Array(line.utf8).withUnsafeBytes { bytes in
                envelope.unwrap(bytes, number: index + 1, fields: EnvelopeFields()) { text, _, _, _ in inner.append(String(decoding: text, as: UTF8.self)) }
            }
        }
        envelope.finish { text, _, _, _ in inner.append(String(decoding: text, as: UTF8.self)) }
        return inner
    }

    @Test func syslogKeepsOnlyPostgresLinesAndDecodesEscapes() throws {
        let (events, summary) = try read("""
            Dec  2 01:02:03 db systemd[1]: Started PostgreSQL.
            Dec  2 01:02:03 db postgres[4242]: [3-1] LOG:  duration: 0.100 ms  statement: SELECT a,
            Dec  2 01:02:03 db postgres[4242]: [3-2] #011b FROM t
            Dec  2 01:02:04 db CRON[77]: (root) CMD (run-parts /etc/cron.hourly)
            Dec  2 01:02:05 db postgres[4242]: [4-1] LOG:  duration: 0.200 ms  statement: SELECT 2

            """)
        #expect(summary.envelopes == ["syslog-rfc3164", "postgres-syslog"])
        #expect(events.map(\.sql) == ["SELECT a,\nb FROM t", "SELECT 2"])
        #expect(events.map(\.session) == ["4242", "4242"])
        #expect(summary.diagnostics.skippedLines == 0)
        #expect(summary.diagnostics.ignoredLines >= 2)
        #expect(summary.coarseClock)
    }

    @Test func postgresChunksRejoinCutLinesAndSplitRecordLines() {
        let chunks = PostgresSyslogChunks()
        let lines = unwrap(chunks, [
            "[7-1] LOG:  statement: SELECT 1, 2, 3,",  // cut at 900 bytes (at a space)
            "[7-2]  4, 5",
            "[7-3] #011FROM t".replacingOccurrences(of: "#011", with: "\t"),  // a new line of the statement
            "[7-4] DETAIL:  parameters: $1 = '1'",  // the record's next line (empty prefix)
            "[8] LOG:  statement: SELECT 9",
            "[9-1] 2026-12-01 10:00:00.123 UTC [42] LOG:  statement: SELECT 10,",
            "[9-2] 2026-12-01 10:00:00.123 UTC [42] DETAIL:  again behind the prefix",
            "no bracket at all",
        ])
        #expect(lines == [
            "LOG:  statement: SELECT 1, 2, 3, 4, 5", "\tFROM t", "DETAIL:  parameters: $1 = '1'", "LOG:  statement: SELECT 9",
            "2026-12-01 10:00:00.123 UTC [42] LOG:  statement: SELECT 10,", "2026-12-01 10:00:00.123 UTC [42] DETAIL:  again behind the prefix",
            "no bracket at all",
        ])
        // Without sequence numbers only split messages carry the chunk number.
        let plain = unwrap(PostgresSyslogChunks(), ["[1] LOG:  statement: SELECT 1,", "[2]  2", "LOG:  statement: SELECT 3"])
        #expect(plain == ["LOG:  statement: SELECT 1, 2", "LOG:  statement: SELECT 3"])
    }

    @Test func rfc5424AndHighPrecisionTimestamps() throws {
        let (events, summary) = try read("""
            <134>1 2026-12-02T01:02:03.123456+00:00 db postgres 4242 - - [3-1] LOG:  duration: 0.1 ms  statement: SELECT 1
            <134>1 2026-12-02T01:02:03.223456+00:00 db postgres 4242 - [meta x="1"] [4-1] LOG:  duration: 0.1 ms  statement: SELECT 2

            """)
        #expect(summary.envelopes == ["syslog-rfc5424", "postgres-syslog"])
        #expect(events.count == 2)
        #expect(events.map(\.session) == ["4242", "4242"])
        #expect(events.last?.timestamp.map { $0 % 1_000_000 } == 223_456)
        #expect(!summary.coarseClock)
    }

    @Test func aBracketedPidPrefixIsNotTakenForSyslogChunks() throws {
        // `[%p] ` looks like `[seq] `; outside a syslog layer it stays a prefix.
        let (events, summary) = try read("""
            [4242] LOG:  duration: 0.1 ms  statement: SELECT 1
            [4242] LOG:  duration: 0.1 ms  statement: SELECT 2

            """)
        #expect(summary.envelopes.isEmpty)
        #expect(summary.linePrefix == "[%p] ")
        #expect(events.map(\.session) == ["4242", "4242"])
    }

    @Test func dockerJoinsPartialObjectsAndJsonlogIsNoEnvelope() throws {
        let docker = unwrap(JSONEnvelope(layout: .docker), [
            #"{"log":"2026-12-01 10:00:00.123 UTC [1] LOG:  statement: SELECT 'a","stream":"stderr","time":"2026-12-01T10:00:00.1Z"}"#,
            #"{"log":"bc'\n","stream":"stderr","time":"2026-12-01T10:00:00.1Z"}"#,
            #"{"log":"line\twith tab\n","stream":"stderr","time":"2026-12-01T10:00:00.2Z"}"#,
            "not json",
        ])
        #expect(docker == ["2026-12-01 10:00:00.123 UTC [1] LOG:  statement: SELECT 'abc'", "line\twith tab"])
        let jsonlog = [#"{"timestamp":"2026-12-01 10:00:00.123 UTC","pid":1,"error_severity":"LOG","message":"statement: SELECT 1"}"#]
        let (events, summary) = try read(jsonlog[0] + "\n")
        #expect(summary.envelopes.isEmpty)
        #expect(summary.format == .postgresJSON)
        #expect(events.count == 1)
    }

    @Test func criJoinsPartialLines() {
        let lines = unwrap(TimestampedLineEnvelope(), [
            "2026-12-01T10:00:00.123456789Z stderr P 2026-12-01 10:00:00.123 UTC [1] LOG:  statement: SELECT 'a",
            "2026-12-01T10:00:00.123456789Z stderr F bc'",
            "2026-12-01T10:00:00.223456789Z stdout F plain",
            "garbage",
        ])
        #expect(lines == ["2026-12-01 10:00:00.123 UTC [1] LOG:  statement: SELECT 'abc'", "plain"])
    }

    @Test func journalByteArraysAndOtherLoggersOfAnOperator() {
        let journal = unwrap(JSONEnvelope(layout: .journal), [
            #"{"__REALTIME_TIMESTAMP":"1764583200123456","_PID":"9","MESSAGE":[76,79,71,58,32,32,9,120]}"#,
        ])
        #expect(journal == ["LOG:  \tx"])
        let cnpg = JSONEnvelope(layout: .cloudNativePG)
        let records = unwrap(cnpg, [
            #"{"level":"info","ts":"2026-12-01T10:00:00Z","logger":"instance-manager","msg":"reconciling"}"#,
            #"{"level":"info","ts":"2026-12-01T10:00:00Z","logger":"postgres","msg":"record","record":{"error_severity":"LOG","message":"m"}}"#,
        ])
        #expect(records == [#"{"error_severity":"LOG","message":"m"}"#])
        #expect(cnpg.diagnostics.ignoredLines == 1)
    }

    @Test func anUnknownFormatSaysWhatWasTried() throws {
        let (events, summary) = try read("hello\nworld\n", name: "notes.txt")
        #expect(events.isEmpty)
        #expect(summary.format == nil)
        #expect(summary.diagnostics.warnings.count == 1)
        #expect(summary.diagnostics.warnings.first?.contains("any log_line_prefix") == true)
        #expect(summary.diagnostics.warnings.first?.contains("syslog") == true)
    }
}
