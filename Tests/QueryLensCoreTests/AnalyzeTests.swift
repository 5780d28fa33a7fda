import Foundation
import QueryLensCore
import Testing

/// `analyze` end to end on real logs with known answers: what must be found, and what must not.
@Suite("Analyze")
struct AnalyzeTests {
    static func analyze(_ paths: [String], profile: DetectionProfile.Name = .standard, dialect: SQLDialect? = nil) throws -> Report {
        let pipeline = AnalysisPipeline(analyzerOptions: .init(profile: DetectionProfile(profile), dialect: dialect))
        let absolute = paths.map { Repository.fixture($0).path }
        var report = try pipeline.run(paths: absolute)
        // Paths relative to Fixtures/, so reports are the same on every machine.
        for index in report.inputs.indices { report.inputs[index].path = paths[index] }
        for index in report.findings.indices {
            if let file = report.findings[index].example.file, let input = absolute.firstIndex(of: file) {
                report.findings[index].example.file = paths[input]
            }
        }
        return report
    }

    /// With several inputs, an example names the file it was read from: line numbers and unit
    /// ids (`2021#1`) are per input. The text report and SARIF point there.
    @Test func examplesNameTheirInput() throws {
        let report = try Self.analyze(["demo/django.log", "logs/pgbench/pgbench.stderr.log"])
        let write = try #require(report.findings.first { $0.kind == .nPlusOneWrite })
        #expect(write.example.file == "logs/pgbench/pgbench.stderr.log")
        let loop = try #require(report.findings.first { $0.kind == .nPlusOne })
        #expect(loop.example.file == "demo/django.log")
        #expect(TextReport.render(report, colour: false).contains("(\(write.example.unit), logs/pgbench/pgbench.stderr.log:\(write.example.line))"))
        let alone = try Self.analyze(["logs/pgbench/pgbench.stderr.log"])
        #expect(TextReport.render(alone, colour: false).contains("(\(write.example.unit), line \(write.example.line))"))
    }

    @Test func demoLogHasTheAuthorLoop() throws {
        let report = try Self.analyze(["demo/django.log"])
        #expect(report.findings.map(\.kind) == [.nPlusOne])
        let finding = try #require(report.findings.first)
        #expect(finding.table == "bookstore_author" && finding.columns == ["id"])
        #expect(finding.count == 25 && finding.distinctValues == 14 && finding.units == 1)
        #expect(finding.parent?.query.hasPrefix("SELECT bookstore_book.id") == true)
        #expect(finding.confidence == .high && finding.severity == .error)
        #expect(finding.suggestion.batchedQuery?.hasSuffix("WHERE bookstore_author.id = ANY($1)") == true)
        #expect(finding.suggestion.orm?.contains(".select_related(\"author\")") == true)
        #expect(finding.id == "n_plus_one:\(finding.fingerprint)")
    }

    @Test func railsLogNamesTheSourceAndTheAssociation() throws {
        let report = try Self.analyze(["logs/rails/development.log"])
        #expect(report.findings.count == 1)
        let finding = try #require(report.findings.first)
        #expect(finding.kind == .nPlusOne && finding.table == "authors" && finding.count == 5)
        #expect(finding.source?.hasPrefix("app/controllers/posts_controller.rb:5") == true)
        #expect(finding.suggestion.orm?.contains(".includes(:author)") == true)
        // Rails on SQLite binds with `?`: the SQLite form of the batched query.
        #expect(finding.suggestion.batchedQuery == "SELECT authors.* FROM authors WHERE authors.id IN (SELECT value FROM json_each($1))")
        // The CACHE hits of the second request are not queries: nothing else is reported.
        #expect(report.summary.events == 10)
    }

    @Test func pgbenchHasNoNPlusOne() throws {
        let report = try Self.analyze(["logs/pgbench/pgbench.stderr.log"])
        #expect(report.summary.events > 2000)
        #expect(!report.findings.contains { $0.kind == .nPlusOne || $0.kind == .nPlusOneSequence || $0.kind == .repeatedQuery })
        // pgbench -i really inserts branches and tellers one row at a time.
        #expect(Set(report.findings.map { $0.table ?? "" }) == ["pgbench_branches", "pgbench_tellers"])
    }

    @Test func serverLogFindsTheWebLoopsButNotAcrossRequests() throws {
        let report = try Self.analyze(["logs/postgres/workload.stderr.log"])
        let loops = report.findings.filter { $0.kind == .nPlusOne }
        #expect(loops.count == 1)
        let loop = try #require(loops.first)
        #expect(loop.table == "authors" && loop.columns == ["id"])
        // Three web requests (one explicit by trace id) plus the pgbench scripts' loops.
        #expect(loop.units >= 3 && loop.maxPerUnit >= 9)
        #expect(loop.suggestion.batchedQuery == "SELECT id, name FROM authors WHERE id = ANY($1)")
    }

    @Test func profilesChangeTheThresholds() throws {
        let standard = try Self.analyze(["logs/django/requests.log"])
        let production = try Self.analyze(["logs/django/requests.log"], profile: .production)
        let test = try Self.analyze(["logs/django/requests.log"], profile: .test)
        #expect(standard.findings.contains { $0.kind == .nPlusOne })
        #expect(production.findings.isEmpty)  // 2 units and under 50 ms: below Sentry-like thresholds
        #expect(test.findings.count >= standard.findings.count)
    }

    @Test func withTheDemoDatabaseTheMissingIndexIsFoundAndVerified() throws {
        let database = try DatabaseTarget.open(Repository.fixture("demo/bookstore.sqlite3").path)
        let report = try AnalysisPipeline(database: database).run(paths: [Repository.fixture("demo/django.log").path])
        let index = try #require(report.findings.first { $0.kind == .missingIndex })
        #expect(index.suggestion.batchedQuery == "CREATE INDEX bookstore_book_genre_published_at_idx ON bookstore_book (genre, published_at DESC);")
        #expect(index.index?.verified == true && index.confidence == .high)
        #expect(index.index?.statements.first?.usesIndex == true)
        let loop = try #require(report.findings.first { $0.kind == .nPlusOne })
        #expect(loop.suggestion.batchedPlan?.contains("SEARCH bookstore_author") == true)
        #expect(report.summary.byKind["missing_index"] == 1)
    }

    @Test func findingIDsAndOrderAreStable() throws {
        let first = try Self.analyze(["demo/django.log", "logs/rails/development.log"])
        let second = try Self.analyze(["demo/django.log", "logs/rails/development.log"])
        #expect(first.findings.map(\.id) == second.findings.map(\.id))
        #expect(JSONReport.render(first) == JSONReport.render(second))
    }

    @Test func valuesAreRedactedUnlessAsked() throws {
        let report = try Self.analyze(["logs/rails/development.log"])
        #expect(report.findings[0].example.params.allSatisfy { $0 == "<redacted>" })
        #expect(JSONReport.render(report).contains("<redacted>"))
        let shown = try AnalysisPipeline(analyzerOptions: .init(showValues: true)).run(paths: [Repository.fixture("logs/rails/development.log").path])
        #expect(shown.findings[0].example.params.contains { $0 != "<redacted>" })
    }
}
