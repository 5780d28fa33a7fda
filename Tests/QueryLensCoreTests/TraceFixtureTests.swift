import Foundation
import QueryLensCore
import Testing

/// Traces written by the real OpenTelemetry Python SDK (1.45) and its Django, sqlite3 and
/// requests instrumentations, in both semantic-convention generations, exported over OTLP/HTTP
/// and written as OTLP JSON Lines by the official protobuf JSON mapping (Fixtures/traces:
/// README, expected.json; the protobuf bodies beside them).
@Suite("Trace fixtures")
struct TraceFixtureTests {
    @Test(arguments: ["django-old-semconv.jsonl", "django-new-semconv.jsonl"])
    func pagesAreUnitsNamedByTheirRouteAndTheirLoopsAreFound(file: String) throws {
        let (events, summary) = try readLog("traces/" + file)
        #expect(summary.format == .otlpJSON)
        #expect(summary.diagnostics.skippedLines == 0)
        // 22 database spans: 11 on /books/, 1 eager, 3 repeats, 6 for the counts, 1 on the prices
        // page; and that page's 5 calls to the price service.
        #expect(events.filter { !$0.isHTTPCall }.count == 22)
        #expect(events.filter(\.isHTTPCall).count == 5)
        let grouped = units(events)
        #expect(grouped.count == 5)
        #expect(grouped.allSatisfy { $0.boundary == .explicit })
        let byRoute = Dictionary(grouping: grouped) { String($0.id.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces) }
        #expect(byRoute["GET books/"]?.first?.events.count == 11)
        #expect(byRoute["GET books/eager/"]?.first?.events.count == 1)
        #expect(byRoute["GET authors/counts/"]?.first?.events.count == 6)

        let report = try AnalysisPipeline().run(paths: [Repository.fixture("traces/" + file).path])
        let authors = try #require(report.findings.first { $0.kind == .nPlusOne && $0.table == "books_author" })
        #expect(authors.maxPerUnit == 10)
        #expect(authors.source == "GET books/")
        // The instrumentation records no parameters: the loop is reported without claiming values.
        #expect(authors.distinctValues == 0)
        let counts = try #require(report.findings.first { $0.kind == .nPlusOne && $0.table == "books_book" })
        #expect(counts.maxPerUnit == 5 && counts.source == "GET authors/counts/")
        // The price service called once per book: an HTTP N+1, with the ids out of the template.
        let prices = try #require(report.findings.first { $0.kind == .nPlusOneHTTP })
        #expect(prices.query.hasPrefix("GET http://127.0.0.1:") && prices.query.hasSuffix("/price/{id}"))
        #expect(prices.maxPerUnit == 5 && prices.distinctValues == 5 && prices.source == "GET books/prices/")
        #expect(prices.durationMs >= 1000)  // each answer was delayed 0.2 s
        #expect(prices.parent?.query.contains("books_book") == true)
        #expect(report.findings.count == 3)
    }
}
