import Foundation
import QueryLensCore
import Testing

/// Receivers that each saw part of the traces, merged: the same findings as one receiver.
@Suite("Report merge")
struct ReportMergeTests {
    /// The spans of the real SDK's traces (both generations), as a receiver gets them.
    private func spans() throws -> [TraceSpan] {
        var spans: [TraceSpan] = []
        for file in ["django-old-semconv.jsonl", "django-new-semconv.jsonl"] {
            let text = try String(contentsOf: Repository.fixture("traces/" + file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                spans += try #require(Array(line.utf8).withUnsafeBytes { OTLPJSONReader.spans(in: $0) })
            }
        }
        return spans
    }

    private func analyzed(_ spans: [TraceSpan]) -> Report {
        var open = OpenTraces()
        var analysis = TraceAnalysis()
        open.add(spans, now: 0)
        for trace in open.closeAll() { analysis.add(trace) }
        return analysis.report(source: "otlp-http://test", requests: 1, warnings: [])
    }

    /// Through JSON and back, as `merge` reads reports from files.
    private func roundTrip(_ report: Report) throws -> Report {
        let path = try temporaryFile(Array(JSONReport.render(report).utf8), name: "report.json")
        return try ReportMerge.load(path: path)
    }

    @Test func splittingTracesOverReceiversAndMergingLosesNothing() throws {
        let all = try spans()
        let whole = analyzed(all)
        // The Collector's load-balancing exporter routes by trace id: a trace goes whole to one.
        let traces = Array(Set(all.map(\.traceID))).sorted()
        let left = Set(traces.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let parts = [analyzed(all.filter { left.contains($0.traceID) }), analyzed(all.filter { !left.contains($0.traceID) })]
        #expect(parts.allSatisfy { !$0.findings.isEmpty })
        let merged = try ReportMerge.merge(parts.map(roundTrip))

        #expect(merged.findings.map(\.id) == whole.findings.map(\.id))
        for (a, b) in zip(merged.findings, whole.findings) {
            #expect(a.count == b.count && a.units == b.units && a.maxPerUnit == b.maxPerUnit && a.distinctValues == b.distinctValues)
            #expect(abs(a.durationMs - b.durationMs) < 0.01 && a.severity == b.severity && a.confidence == b.confidence)
            #expect(a.query == b.query && a.suggestion.batchedQuery == b.suggestion.batchedQuery)
        }
        #expect(merged.summary.events == whole.summary.events && merged.summary.units == whole.summary.units)
        #expect(merged.summary.byKind == whole.summary.byKind && merged.inputs.count == 2)
        #expect(whole.findings.contains { $0.kind == .nPlusOneHTTP && $0.units == 2 })
        // Where the time goes adds up too, and each finding keeps a waterfall.
        let calls = { (report: Report) in Dictionary(uniqueKeysWithValues: (report.statements ?? []).map { ($0.fingerprint, $0.calls) }) }
        #expect(!calls(whole).isEmpty && calls(merged) == calls(whole))
        #expect(abs((merged.summary.durationMs ?? 0) - (whole.summary.durationMs ?? -1)) < 0.01)
        #expect(merged.findings.allSatisfy { $0.waterfall != nil })
    }

    @Test func whatCannotBeMergedIsRefusedWithTheFileNamed() throws {
        let notReport = try temporaryFile(Array(#"{"findings": 3}"#.utf8), name: "bad.json")
        #expect { try ReportMerge.load(path: notReport) } throws: { "\($0)".contains("bad.json: not a QueryLens JSON report") }
        #expect { try ReportMerge.load(path: "/nonexistent/report.json") } throws: { "\($0)".contains("/nonexistent/report.json") }
        var old = analyzed(try spans())
        old.tool.fingerprintVersion = Fingerprint.version + 1
        #expect { try ReportMerge.merge([old, self.analyzed(try self.spans())]) } throws: { "\($0)".contains("fingerprint versions") }
    }
}
