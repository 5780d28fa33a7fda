import Foundation
import QueryLensCore
import Testing

/// OTLP JSON Lines (the Collector's file exporter): the decoder on small inputs of both
/// semantic-convention generations; the real SDK's traces are read in `TraceFixtureTests`.
@Suite("OTLP JSON")
struct OTLPJSONTests {
    private func attribute(_ key: String, _ value: String) -> String {
        #"{"key":"\#(key)","value":{"stringValue":"\#(value)"}}"#
    }

    private func span(trace: String, id: String, kind: Any, start: Int, attributes: [String], extra: String = "") -> String {
        let kindText = kind is String ? "\"\(kind)\"" : "\(kind)"
        return #"{"traceId":"\#(trace)","spanId":"\#(id)","name":"x","kind":\#(kindText),"startTimeUnixNano":"\#(start)","endTimeUnixNano":\#(start + 500_000),"attributes":[\#(attributes.joined(separator: ","))]\#(extra)}"#
    }

    private func line(_ spans: [String]) -> String {
        #"{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"t"},"spans":[\#(spans.joined(separator: ","))]}],"unknownField":1}]}"#
    }

    private func read(_ text: String) throws -> (events: [QueryEvent], summary: LogIngest.InputSummary) {
        let path = try temporaryFile(Array(text.utf8), name: "traces.jsonl")
        var events: [QueryEvent] = []
        let summary = try LogIngest().read(path: path) { events.append($0) }
        return (events, summary)
    }

    @Test func databaseSpansOfBothGenerationsWaitForTheirRoute() throws {
        let trace = "5b8efff798038103d269b633813fc60c"
        // The children arrive first (exported as they end), the server span in a later line.
        let first = line([
            span(trace: trace, id: "01", kind: 3, start: 1_000_000_000, attributes: [attribute("db.system", "postgresql"), attribute("db.statement", "SELECT * FROM authors WHERE id = 4"), attribute("db.name", "shop")]),
            span(trace: trace, id: "02", kind: "SPAN_KIND_CLIENT", start: 1_001_000_000, attributes: [attribute("db.system.name", "postgresql"), attribute("db.query.text", "SELECT * FROM authors WHERE id = $1"), attribute("db.namespace", "shop"), attribute("db.query.parameter.0", "7")]),
        ])
        let second = line([span(trace: trace, id: "03", kind: 2, start: 999_000_000, attributes: [attribute("http.request.method", "GET"), attribute("http.route", "/books/")], extra: #","status":{"code":0}"#)])
        let (events, summary) = try read(first + "\n" + second + "\n")
        #expect(summary.format == .otlpJSON)
        #expect(events.map(\.sql) == ["SELECT * FROM authors WHERE id = 4", "SELECT * FROM authors WHERE id = $1"])
        #expect(events.allSatisfy { $0.unit == "GET /books/ (trace \(trace))" && $0.source == "GET /books/" && $0.database == "shop" })
        #expect(events[1].parameters == ["7"])
        #expect(events[0].timestamp == 1_000_000 && events[0].durationMilliseconds == 0.5)
    }

    @Test func aTraceWithoutAServerSpanIsStillAUnitAndErrorsAreKept() throws {
        let text = line([span(trace: "aa", id: "01", kind: 3, start: 5, attributes: [attribute("db.statement", "SELECT 1"), attribute("error.type", "42P01")])])
        let (events, _) = try read(text + "\n")
        #expect(events.count == 1)
        #expect(events[0].unit == "trace:aa")
        #expect(events[0].error == "42P01")
    }

    @Test func malformedLinesAreSkippedNotFatal() throws {
        let good = line([span(trace: "bb", id: "01", kind: 3, start: 5, attributes: [attribute("db.statement", "SELECT 2")])])
        let (events, summary) = try read(good + "\n{\"resourceSpans\":[{\n" + good + "\n")
        #expect(events.count == 2)
        #expect(summary.diagnostics.skippedLines == 1)
        #expect(summary.diagnostics.firstSkippedLines == [2])
    }

    @Test func httpClientSpansAreCallsAndOtherSpansGiveNothing() throws {
        let call = line([span(trace: "cc", id: "01", kind: 3, start: 5, attributes: [attribute("http.request.method", "GET"), attribute("url.full", "http://user:secret@x/price/1")])])
        let events = try read(call + "\n").events
        #expect(events.count == 1 && events[0].isHTTPCall && events[0].sql == "GET http://x/price/1")
        #expect(HTTPCallTemplate.template(events[0].sql).text == "GET http://x/price/{id}")
        let others = line([
            span(trace: "cc", id: "02", kind: 1, start: 5, attributes: [attribute("http.request.method", "GET"), attribute("url.full", "http://x/price/1")]),
            span(trace: "cc", id: "03", kind: 2, start: 5, attributes: [attribute("http.request.method", "GET"), attribute("http.route", "/p")]),
        ])
        #expect(try read(others + "\n").events.isEmpty)
    }
}
