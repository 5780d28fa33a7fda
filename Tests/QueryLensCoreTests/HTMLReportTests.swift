import Foundation
import QueryLensCore
import Testing

/// The HTML report: what it shows (waterfalls, where the time goes) and what it must never do
/// (run markup from a log, fetch anything, show values unless asked). Its bytes are checked by
/// the golden tests, its look in a real browser by `HTMLBrowserTests`.
@Suite("HTML report")
struct HTMLReportTests {
    /// A JSONL log, one line per statement of one unit, 10 ms apart, 2 ms each.
    static func jsonl(_ statements: [String], unit: String = "GET /books", source: String? = nil, params: String? = nil) throws -> String {
        let lines = statements.enumerated().map { index, sql -> String in
            var object: [String: Any] = ["sql": sql, "unit": unit, "ts": 1_700_000_000 + Double(index) / 100, "duration_ms": 2]
            if let source { object["source"] = source }
            if let params { object["params"] = [params] }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        return try temporaryFile(Array((lines.joined(separator: "\n") + "\n").utf8), name: "log.jsonl")
    }

    static func analyze(_ path: String, showValues: Bool = false) throws -> Report {
        try AnalysisPipeline(analyzerOptions: .init(showValues: showValues)).run(paths: [path])
    }

    @Test func markupFromTheLogStaysText() throws {
        let hostile = #""</script><img src=x onerror=alert(1)>""#
        let statements = [#"SELECT id FROM "<svg onload=alert(3)>""#] + (1...4).map { "SELECT * FROM \(hostile) WHERE id = \($0)" }
        let path = try Self.jsonl(statements, unit: "<b>unit</b>", source: #"app/x.py:3"><script>alert(2)</script>"#)
        let report = try Self.analyze(path)
        #expect(report.findings.first?.kind == .nPlusOne)
        let html = HTMLReport.render(report)
        for inert in ["<img", "<script", "<svg onload", "<b>unit"] { #expect(!html.contains(inert), "\(inert) got through") }
        #expect(html.contains("app/x.py:3&quot;&gt;&lt;script&gt;"))
        #expect(html.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&lt;b&gt;unit&lt;/b&gt;") && html.contains("alert(2)"))
    }

    @Test func thePageNeedsNothingFromTheNetwork() throws {
        let html = HTMLReport.render(try AnalyzeTests.analyze(ReportGoldenTests.inputs))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains(" src=") && !html.contains("@import") && !html.contains("url("))
        // The SVG namespace is a name, not a fetch; nothing else names a host.
        let outside = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!outside.contains("http://") && !outside.contains("https://") && !outside.contains("href=\"//"))
        #expect(html.contains("prefers-color-scheme: dark") && html.contains("@media print"))
    }

    @Test func theDemoWaterfallIsTheParentThenTheComb() throws {
        let report = try AnalyzeTests.analyze(["demo/django.log"])
        let waterfall = try #require(report.findings.first?.waterfall)
        #expect(waterfall.bars.count == 28 && waterfall.omittedBefore == 0 && waterfall.omittedAfter == 0)
        #expect(waterfall.bars.filter { $0.role == .loop }.count == 25)
        #expect(waterfall.bars.filter { $0.role == .parent }.count == 1 && waterfall.bars[0].role == .parent)
        #expect(waterfall.statements[waterfall.bars[1].statement].fingerprint == report.findings[0].fingerprint)
        // Django's log has no timestamps: the bars are in order, and the page says so.
        #expect(!waterfall.timed)
        let html = HTMLReport.render(report)
        #expect(html.components(separatedBy: "class=\"bar loop\"").count - 1 == 25)
        #expect(html.contains("statements in log order (the log has no timestamps)"))
    }

    @Test func timestampsPlaceTheBars() throws {
        let statements = ["SELECT id FROM books"] + (1...5).map { "SELECT * FROM authors WHERE id = \($0)" }
        let waterfall = try #require(try Self.analyze(try Self.jsonl(statements)).findings.first?.waterfall)
        #expect(waterfall.timed && waterfall.spanMs == 52)
        #expect(waterfall.bars.map(\.offsetMs) == [0, 10, 20, 30, 40, 50] && waterfall.bars.allSatisfy { $0.durationMs == 2 })
        // PostgreSQL stamps a statement when it ends: the bar starts its duration earlier.
        let server = try AnalyzeTests.analyze(["logs/postgres/workload.stderr.log"])
        let logged = try #require(server.findings.first?.waterfall)
        #expect(logged.timed && logged.spanMs > 0 && logged.bars.map(\.offsetMs).min() == 0)
        #expect(logged.bars.allSatisfy { $0.offsetMs + $0.durationMs <= logged.spanMs + 0.001 })
    }

    @Test func aLongUnitIsShownAroundItsLoop() throws {
        let before = (0..<600).map { "SELECT * FROM before_\($0)" }
        let loop = ["SELECT id FROM books"] + (1...50).map { "SELECT * FROM authors WHERE id = \($0)" }
        let after = (0..<349).map { "SELECT * FROM after_\($0)" }
        let report = try Self.analyze(try Self.jsonl(before + loop + after))
        let waterfall = try #require(report.findings.first { $0.kind == .nPlusOne }?.waterfall)
        #expect(waterfall.bars.count == Waterfall.maximumBars)
        #expect(waterfall.omittedBefore == 590 && waterfall.omittedAfter == 10)
        #expect(waterfall.bars[10].role == .parent && waterfall.bars.filter { $0.role == .loop }.count == 50)
        #expect(HTMLReport.render(report).contains("showing statements 591 to 990"))
    }

    @Test func valuesAreRedactedUnlessAsked() throws {
        let statements = ["SELECT id FROM users"] + (1...3).map { _ in "SELECT * FROM orders WHERE email = $1" }
        let path = try Self.jsonl(statements, params: "jane@example.com")
        // One value three times is a repeated query: its example carries the value.
        #expect(try Self.analyze(path).findings.first?.kind == .repeatedQuery)
        #expect(!HTMLReport.render(try Self.analyze(path)).contains("jane@example.com"))
        #expect(HTMLReport.render(try Self.analyze(path, showValues: true)).contains("jane@example.com"))
    }

    @Test func whereTheTimeGoesAddsUpToTheLog() throws {
        let report = try AnalyzeTests.analyze(["logs/postgres/workload.stderr.log"])
        let statements = try #require(report.statements)
        #expect(statements.count < StatementTime.reportedCount)
        #expect(statements.reduce(0) { $0 + $1.calls } == report.summary.events)
        #expect(abs(statements.reduce(0) { $0 + $1.totalMs } - (report.summary.durationMs ?? 0)) < 0.01)
        #expect(zip(statements, statements.dropFirst()).allSatisfy { $0.totalMs >= $1.totalMs })
        let html = HTMLReport.render(report)
        for finding in report.findings { #expect(html.contains("<a href=\"#\(HTMLReport.anchor(finding.id))\">")) }
    }
}

/// "Where the time goes" side by side with pgBadger's top queries, on a real application's
/// server log (Redmine): the same statements, calls and total time.
@Suite("Where the time goes against pgBadger")
struct TimeAgainstPgBadgerTests {
    @Test(.enabled(if: ServerLogCorpusTests.pgbadger != nil, "pgbadger is not installed (Debian package pgbadger): agreement not checked"))
    func theTopStatementsMatchPgBadgers() throws {
        let log = Repository.fixture("realapps/redmine/pg.log").path
        let output = try temporaryFile([], name: "pgbadger.json")
        let run = try runProgram(try #require(ServerLogCorpusTests.pgbadger), [
            "-q", "-f", "stderr", "-p", "%m [%p] %u@%d ", "-x", "json", "-o", output,
            "--pid-dir", URL(fileURLWithPath: output).deletingLastPathComponent().path, log,
        ])
        #expect(run.status == 0, "\(run.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let normalized = try #require((json["normalyzed_info"] as? [String: Any])?["postgres"] as? [String: [String: Any]])
        func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? Double(value as? String ?? "") ?? 0 }
        // pgBadger's statements by total time: (total ms, calls).
        let theirs = normalized.values.map { (number($0["duration"]), Int(number($0["count"]))) }.sorted { $0.0 > $1.0 }
        let ours = try #require(try AnalyzeTests.analyze(["realapps/redmine/pg.log"]).statements)
        for (mine, pgbadger) in zip(ours.prefix(5), theirs.prefix(5)) {
            #expect(abs(mine.totalMs - pgbadger.0) < 0.01 && mine.calls == pgbadger.1, "\(mine.query): \(mine.totalMs) ms × \(mine.calls), pgBadger \(pgbadger)")
        }
    }
}
