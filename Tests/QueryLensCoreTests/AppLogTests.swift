import Foundation
import QueryLensCore
import Testing

/// Rails, Django, QueryLens JSONL and plain SQL inputs (Fixtures/logs, Fixtures/demo).
@Suite("Application logs")
struct AppLogTests {
    @Test func railsDevelopmentLog() throws {
        let (events, summary) = try readLog("logs/rails/development.log")
        #expect(summary.format == .rails)
        #expect(events.count == 10)
        #expect(events.allSatisfy { !$0.parameters.isEmpty && $0.durationMilliseconds != nil })
        #expect(events.allSatisfy { !$0.sql.contains("\u{1B}") })
        #expect(events.contains { $0.source?.hasPrefix("app/controllers/posts_controller.rb:") == true })
        // CACHE hits are not queries.
        #expect(summary.diagnostics.skippedLines == 0)
        let grouped = units(events)
        #expect(grouped.map(\.events.count) == [6, 2, 2])
        #expect(grouped.allSatisfy { $0.boundary == .explicit })
        let authorLookups = grouped[0].events.filter { $0.event.sql.contains("\"authors\".\"id\" = ?") }
        #expect(authorLookups.count == 5)
        #expect(Set(authorLookups.map(\.fingerprint)).count == 1)
        #expect(Set(authorLookups.compactMap { $0.event.parameters.first ?? nil }).count == 5)
    }

    @Test func railsProductionLogWithRequestIDs() throws {
        let (events, _) = try readLog("logs/rails/production.log")
        #expect(events.count == 10)
        let data = try Data(contentsOf: Repository.fixture("logs/rails/request_ids.json"))
        let object = try JSONSerialization.jsonObject(with: data)
        let expectedIDs = Set(Self.strings(in: object))
        let grouped = units(events)
        #expect(grouped.map(\.events.count) == [6, 2, 2])
        #expect(Set(grouped.map(\.id)).isSubset(of: expectedIDs))
        #expect(events.allSatisfy { $0.session != nil && $0.timestamp != nil })
    }

    private static func strings(in object: Any) -> [String] {
        if let text = object as? String { return [text] }
        if let array = object as? [Any] { return array.flatMap(strings) }
        if let dictionary = object as? [String: Any] { return dictionary.values.flatMap(strings) }
        return []
    }

    @Test func djangoLogWithTimestamps() throws {
        let (events, summary) = try readLog("logs/django/requests.log")
        #expect(summary.format == .django)
        #expect(events.count == 27)
        #expect(events.filter { !$0.parameters.isEmpty }.count == 22)
        #expect(events.allSatisfy { $0.timestamp != nil && $0.durationMilliseconds != nil && $0.database == "default" })
        // Requests 200 ms apart; get_or_create's SELECT and its transaction are one request.
        #expect(units(events).map(\.events.count) == [11, 11, 1, 4])
    }

    @Test func djangoDemoLogWithoutTimestampsIsOneUnit() throws {
        let (events, _) = try readLog("demo/django.log")
        #expect(events.count == 28)
        let grouped = units(events)
        #expect(grouped.count == 1)
        #expect(grouped[0].boundary == .session)
        #expect(grouped[0].isInferred)
    }

    @Test(arguments: [
        ("(1, 'a', None, True)", ["1", "a", nil, "True"] as [String?]),
        ("('x, y', datetime.datetime(2024, 1, 1, 0, 0), [1, 2])", ["x, y", "datetime.datetime(2024, 1, 1, 0, 0)", "[1, 2]"]),
        ("()", []),
    ])
    func djangoArguments(text: String, values: [String?]) {
        var copy = text
        let parsed = copy.withUTF8 { ValueList.parse(UnsafeRawBufferPointer($0)) }
        #expect(parsed == values)
    }

    @Test func jsonlReadsEveryFieldAndSkipsBadLines() throws {
        let (events, summary) = try readLog("logs/handwritten/queries.jsonl")
        #expect(summary.format == .jsonl)
        #expect(events.count == 6)
        #expect(summary.diagnostics.firstSkippedLines == [6, 7])
        #expect(events[1].parameters == ["7"])
        #expect(events[3].parameters == [nil])
        #expect(events[3].timestamp == 1_795_600_800_004_000)
        #expect(events[1].source == "app/views/books.py:12")
        #expect(events[0].rows == 3)
        #expect(events[4].sql == "UPDATE books SET title = 'café \"x\"\n' WHERE id = 1")
        #expect(events[4].error == "23505: duplicate key")
        #expect(units(events).first { $0.id == "GET /books" }?.events.count == 4)
    }

    @Test func jsonlRoundTrip() throws {
        let original = try readLog("logs/postgres/workload.stderr.log").events
        let text = original.map { JSONLWriter.line($0, showValues: true) }.joined(separator: "\n") + "\n"
        let path = try temporaryFile(Array(text.utf8), name: "events.jsonl")
        var again: [QueryEvent] = []
        _ = try LogIngest().read(path: path) { again.append($0) }
        #expect(again.count == original.count)
        for (a, b) in zip(original, again) {
            #expect(a.sql == b.sql && a.parameters == b.parameters && a.session == b.session && a.error == b.error)
            #expect(a.durationMilliseconds == b.durationMilliseconds && a.timestamp == b.timestamp)
        }
    }

    @Test func redactionHidesValuesButNotNulls() throws {
        let event = QueryEvent(sql: "SELECT $1, $2", parameters: ["secret@example.com", nil], line: 1)
        let line = JSONLWriter.line(event)
        #expect(!line.contains("secret"))
        #expect(line.contains("[\"<redacted>\",null]"))
    }

    @Test func plainSQLFile() throws {
        let (events, summary) = try readLog("demo/queries.sql")
        #expect(summary.format == .sql)
        #expect(events.count == 28)
        #expect(events.allSatisfy { !$0.sql.hasSuffix(";") })
    }

    @Test func gzippedLogsAreReadTransparently() throws {
        let source = Repository.fixture("logs/postgres/workload.csv").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", source]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let compressed = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Two members, as `cat a.gz b.gz` gives.
        let path = try temporaryFile(Array(compressed) + Array(compressed), name: "workload.csv.gz")
        var events: [QueryEvent] = []
        let summary = try LogIngest().read(path: path) { events.append($0) }
        #expect(summary.compressed)
        #expect(summary.format == .postgresCSV)
        #expect(events.count == 140)
        // A corrupt stream is an error naming the file, not a crash.
        let corrupt = try temporaryFile([0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0xAB, count: 100), name: "corrupt.gz")
        #expect(throws: InputError.self) { _ = try LogIngest().read(path: corrupt) { _ in } }
    }

    @Test func unknownFormatsAndMissingFilesAreReported() throws {
        var random = SplitMix64(state: 9)
        let garbage = try temporaryFile((0..<5000).map { _ in UInt8.random(in: 0...255, using: &random) }, name: "garbage.bin")
        let summary = try LogIngest().read(path: garbage) { _ in Issue.record("no events expected") }
        #expect(summary.format == nil)
        #expect(!summary.diagnostics.warnings.isEmpty)
        #expect(throws: InputError.self) { _ = try LogIngest().read(path: "/nonexistent/postgresql.log") { _ in } }
        #expect(throws: InputError.self) { _ = try LogIngest().read(path: Repository.fixture("logs").path) { _ in } }
    }

    @Test(arguments: [
        ("logs/postgres/workload.stderr.log", LogFormat.postgresStderr), ("logs/postgres/workload.csv", .postgresCSV),
        ("logs/postgres/workload.json", .postgresJSON), ("logs/postgres/log-statement-all.pgbadger-prefix.log", .postgresStderr),
        ("logs/rails/development.log", .rails), ("logs/rails/production.log", .rails), ("logs/django/requests.log", .django),
        ("demo/django.log", .django), ("logs/handwritten/queries.jsonl", .jsonl), ("demo/queries.sql", .sql),
        ("sql/pgbench.sql", .sql),
    ])
    func formatDetection(path: String, format: LogFormat) throws {
        #expect(try readLog(path).summary.format == format)
    }
}
