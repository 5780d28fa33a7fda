import Foundation
import QueryLensCore
import Testing

/// Real ORM traffic with known answers (Fixtures/analyze, expected.json): Django on
/// PostgreSQL and on SQLite, Rails 6.1 on SQLite, each running the same pages: N+1 on a
/// belongs-to, a has-many, a many-to-many, a COUNT loop, nested loops; the same pages with
/// eager loading; a repeated identical query; a loop of inserts; many one-row requests.
/// Every expected finding must be found, and nothing else: the totals must match exactly.
@Suite("ORM scenarios")
struct ORMScenarioTests {
    struct Expected: Decodable {
        struct Request: Decodable {
            struct Loop: Decodable {
                var table: String
                var column: String?
                var repeats: Int
                var distinct_values: Int?
                var parent_table: String?
                var join_table: String?
                var cached: Int?
            }
            var scenario: String
            var statements: Int
            var n_plus_one: [Loop]
            var repeated_query: [Loop]
            var n_plus_one_write: [Loop]
        }
        var requests: [Request]
    }

    static let logs = ["django-postgres.log", "django-sqlite.log", "rails-development.log"]

    static func expected(_ log: String) throws -> Expected {
        let data = try Data(contentsOf: Repository.fixture("analyze/expected.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entry = try JSONSerialization.data(withJSONObject: try #require(object[log]))
        return try JSONDecoder().decode(Expected.self, from: entry)
    }

    @Test(arguments: logs)
    func findsEveryLoopAndNothingElse(log: String) throws {
        let expected = try Self.expected(log)
        let report = try AnalyzeTests.analyze(["analyze/\(log)"])
        // One unit per request: Django's by the pauses between requests, Rails' by its log.
        #expect(report.summary.units == expected.requests.count)

        func matches(_ finding: Finding, _ loop: Expected.Request.Loop) -> Bool {
            (finding.table == loop.table || finding.table == loop.join_table) && (loop.column == nil || finding.columns.first == loop.column)
        }
        for request in expected.requests {
            for loop in request.n_plus_one {
                let executed = loop.repeats - (loop.cached ?? 0)
                let found = report.findings.filter { $0.kind == .nPlusOne && matches($0, loop) && $0.maxPerUnit >= executed }
                #expect(!found.isEmpty, "\(log) \(request.scenario): N+1 on \(loop.table).\(loop.column ?? "") x\(executed)")
                if let parent = loop.parent_table {
                    #expect(found.contains { $0.parent?.query.contains(parent) == true }, "\(log) \(request.scenario): parent \(parent)")
                }
                #expect(found.allSatisfy { $0.suggestion.batchedQuery != nil && $0.suggestion.orm != nil }, "\(log) \(request.scenario): fix")
            }
            for loop in request.repeated_query {
                #expect(report.findings.contains { $0.kind == .repeatedQuery && matches($0, loop) && $0.maxPerUnit == loop.repeats }, "\(log) \(request.scenario)")
            }
            for loop in request.n_plus_one_write {
                #expect(report.findings.contains { $0.kind == .nPlusOneWrite && $0.table == loop.table && $0.maxPerUnit == loop.repeats }, "\(log) \(request.scenario)")
            }
        }
        // Nothing more: the eager-loaded pages and the one-row requests add no executions.
        let loops = expected.requests.flatMap(\.n_plus_one)
        #expect(report.findings.filter { $0.kind == .nPlusOne }.reduce(0) { $0 + $1.count } == loops.reduce(0) { $0 + $1.repeats - ($1.cached ?? 0) })
        #expect(report.findings.filter { $0.kind == .repeatedQuery }.reduce(0) { $0 + $1.count } == expected.requests.flatMap(\.repeated_query).reduce(0) { $0 + $1.repeats })
        #expect(report.findings.filter { $0.kind == .nPlusOneWrite }.reduce(0) { $0 + $1.count } == expected.requests.flatMap(\.n_plus_one_write).reduce(0) { $0 + $1.repeats })
    }

    @Test func theFixesNameTheORMCall() throws {
        let django = try AnalyzeTests.analyze(["analyze/django-postgres.log"])
        let orm = django.findings.compactMap(\.suggestion.orm)
        #expect(orm.contains { $0.contains(".select_related(\"author\")") })
        #expect(orm.contains { $0.contains(".prefetch_related(\"book_set\")") })
        #expect(orm.contains { $0.contains(".prefetch_related(\"tags\")") })
        #expect(orm.contains { $0.contains("annotate(") })
        #expect(orm.contains { $0.contains("bulk_create") })
        let rails = try AnalyzeTests.analyze(["analyze/rails-development.log"])
        let railsORM = rails.findings.compactMap(\.suggestion.orm)
        #expect(railsORM.contains { $0.contains(".includes(:author)") })
        #expect(railsORM.contains { $0.contains(".includes(:books)") })
        #expect(railsORM.contains { $0.contains(".includes(:tags)") })
        #expect(railsORM.contains { $0.contains("insert_all") })
    }

    @Test func theCountLoopBecomesOneGroupBy() throws {
        let report = try AnalyzeTests.analyze(["analyze/django-postgres.log"])
        let count = try #require(report.findings.first { $0.query.hasPrefix("SELECT count(*)") && $0.table == "bookstore_book" })
        #expect(count.suggestion.batchedQuery == "SELECT bookstore_book.author_id, count(*) AS __count FROM bookstore_book WHERE bookstore_book.author_id = ANY($1) GROUP BY bookstore_book.author_id")
    }
}
