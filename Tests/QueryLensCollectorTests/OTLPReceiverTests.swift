import Foundation
import NIOCore
import NIOPosix
@testable import QueryLensCollector
import QueryLensCore
import Testing

/// `querylens collect` on loopback, spoken to as exporters speak: the real OpenTelemetry SDK's
/// request bodies (Fixtures/traces/otlp-protobuf) and their JSON lines, over real HTTP.
@Suite("OTLP/HTTP receiver", .serialized)
struct OTLPReceiverTests {
    static let fixtures = Checkout.root.appendingPathComponent("Fixtures/traces")

    private func withServer(_ options: TraceReceiver.Options = .init(), tick: TimeAmount = .milliseconds(200), _ body: (Int, OTLPServer) throws -> Void) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        let server = OTLPServer(receiver: TraceReceiver(options: options), group: group)
        let port = try server.start(host: "127.0.0.1", port: 0, tick: tick)
        defer { server.stop() }
        try body(port, server)
    }

    private func bodies(_ generation: String) throws -> [[UInt8]] {
        let directory = Self.fixtures.appendingPathComponent("otlp-protobuf/\(generation)")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".pb") }.sorted().map {
            Array(try Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }

    private func jsonLines(_ generation: String) throws -> [[UInt8]] {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("django-\(generation)-semconv.jsonl"), encoding: .utf8)
        return text.split(separator: "\n").map { Array($0.utf8) }
    }

    private func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-otlp-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", input.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(output)
    }

    /// What `analyze` finds in the same traces read from the JSON Lines file.
    private func fileFindings(_ generation: String) throws -> [String: Int] {
        let report = try AnalysisPipeline().run(paths: [Self.fixtures.appendingPathComponent("django-\(generation)-semconv.jsonl").path])
        return Dictionary(uniqueKeysWithValues: report.findings.map { ($0.id, $0.count) })
    }

    private func findings(_ report: Report) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: report.findings.map { ($0.id, $0.count) })
    }

    @Test(arguments: ["old", "new"])
    func theRealExportersBodiesGiveWhatTheFileGives(generation: String) throws {
        var report: Report?
        try withServer { port, server in
            for body in try bodies(generation) {
                let response = try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/x-protobuf")], body: body)
                #expect(response.status == 200 && response.headers["content-type"] == "application/x-protobuf")
                let decoded = try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse(serializedBytes: response.body)
                #expect(!decoded.hasPartialSuccess)
            }
            server.stop()
            report = server.receiver.report(source: server.source)
        }
        let received = try #require(report)
        #expect(findings(received) == (try fileFindings(generation)))
        #expect(received.findings.contains { $0.kind == .nPlusOneHTTP && $0.source == "GET books/prices/" })
        #expect(received.summary.units == 5 && received.inputs.first?.format == "otlp-http" && received.inputs.first?.warnings == [])
    }

    @Test func jsonBodiesGzippedGiveTheSameAsProtobuf() throws {
        var report: Report?
        try withServer { port, server in
            for line in try jsonLines("new") {
                let response = try HTTPExchange.send(
                    port: port, path: "/v1/traces", headers: [("Content-Type", "application/json; charset=utf-8"), ("Content-Encoding", "gzip")],
                    body: try gzip(line))
                #expect(response.status == 200 && response.headers["content-type"] == "application/json")
                #expect(String(decoding: response.body, as: UTF8.self) == "{}")
            }
            server.stop()
            report = server.receiver.report(source: server.source)
        }
        #expect(findings(try #require(report)) == (try fileFindings("new")))
    }

    @Test func tracesCloseWhileItRunsAndTheReportIsThereOnDemand() throws {
        var options = TraceReceiver.Options()
        options.traces.idleNanoseconds = 100_000_000
        try withServer(options, tick: .milliseconds(50)) { port, _ in
            for body in try bodies("old") {
                _ = try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/x-protobuf")], body: body)
            }
            var analyzed = 0
            for _ in 0..<100 where analyzed < 5 {
                Thread.sleep(forTimeInterval: 0.05)
                let health = try HTTPExchange.send(port: port, method: "GET", path: "/health")
                #expect(health.status == 200)
                let counters = try JSONSerialization.jsonObject(with: Data(health.body)) as? [String: Int]
                analyzed = counters?["analyzed_traces"] ?? 0
            }
            #expect(analyzed == 5)
            let answer = try HTTPExchange.send(port: port, method: "GET", path: "/report?format=json")
            #expect(answer.status == 200)
            let text = String(decoding: answer.body, as: UTF8.self)
            #expect(text.contains("\"kind\" : \"n_plus_one_http\""))
            #expect(text.contains("\"source\" : \"GET books/prices/\""))
            let markdown = try HTTPExchange.send(port: port, method: "GET", path: "/report?format=markdown")
            #expect(String(decoding: markdown.body, as: UTF8.self).contains("N+1"))
        }
    }

    @Test func itAnswersAsTheSpecificationAsks() throws {
        var options = TraceReceiver.Options()
        options.maximumBodyBytes = 4096
        try withServer(options) { port, server in
            // A body that is not OTLP: 400, with a google.rpc.Status (code 3) in protobuf.
            let bad = try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/x-protobuf")], body: [0xFF, 0xFF, 0xFF])
            #expect(bad.status == 400 && bad.body.starts(with: [0x08, 0x03, 0x12]))
            let badJSON = try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/json")], body: Array("[1,".utf8))
            #expect(badJSON.status == 400 && String(decoding: badJSON.body, as: UTF8.self).hasPrefix("{\"code\":3,"))
            #expect(try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "text/plain")], body: [1]).status == 415)
            #expect(try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/json")], body: Array(repeating: 0x20, count: 5000)).status == 413)
            #expect(try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")], body: [1, 2, 3]).status == 400)
            #expect(try HTTPExchange.send(port: port, method: "GET", path: "/v1/traces").status == 405)
            #expect(try HTTPExchange.send(port: port, method: "GET", path: "/v1/metrics").status == 404)
            // A span without a trace id: partial success, the count and why.
            let orphan = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"01","kind":3,"attributes":[{"key":"db.statement","value":{"stringValue":"SELECT 1"}}]}]}]}]}"#
            let partial = try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/json")], body: Array(orphan.utf8))
            #expect(partial.status == 200)
            let text = String(decoding: partial.body, as: UTF8.self)
            #expect(text.contains("\"rejectedSpans\":\"1\"") && text.contains("no trace id"))
            let warnings = server.receiver.report(source: server.source).inputs.first?.warnings ?? []
            #expect(warnings.contains { $0.contains("1 spans without a trace id") } && warnings.contains { $0.contains("not OTLP") })
        }
    }

    @Test func atTheLimitItAsksExportersToRetryLaterAndSaysSo() throws {
        var options = TraceReceiver.Options()
        options.traces.maximumTraces = 1
        try withServer(options) { port, server in
            let bodies = try bodies("old")
            #expect(try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/x-protobuf")], body: bodies[0]).status == 200)
            let busy = try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/x-protobuf")], body: bodies[1])
            #expect(busy.status == 503 && busy.headers["retry-after"] == "2")
            #expect(try HTTPExchange.send(port: port, method: "GET", path: "/ready").status == 503)
            #expect(try HTTPExchange.send(port: port, method: "GET", path: "/health").status == 200)
            server.stop()
            let warnings = server.receiver.report(source: server.source).inputs.first?.warnings ?? []
            #expect(warnings.contains { $0.contains("retry later") })
        }
    }
}
