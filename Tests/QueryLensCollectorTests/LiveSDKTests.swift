import Foundation
import Testing

/// The real thing, live: the Django app of Fixtures/traces/generate, instrumented with the real
/// OpenTelemetry Python SDK (Django, sqlite3 and requests instrumentations), exporting over
/// OTLP/HTTP protobuf to a running `querylens collect`. Needs the pinned packages of
/// Fixtures/traces/generate/requirements.txt in a virtualenv named by QUERYLENS_OTEL_PYTHON
/// (Scripts/test makes it from PyPI).
@Suite(
    "Live OpenTelemetry SDK", .serialized,
    .enabled(if: LiveSDK.python != nil && Checkout.binary != nil, "QUERYLENS_OTEL_PYTHON is not set (Scripts/test sets it up from PyPI): the live SDK test is skipped"))
struct LiveSDKTests {
    @Test func theAppsNPlusOnePagesAreFoundByRouteAndItsEagerPageIsNot() throws {
        let port = 40_000 + Int.random(in: 0..<20_000)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-live-\(UUID().uuidString).json").path
        let collect = Process()
        collect.executableURL = URL(fileURLWithPath: try #require(Checkout.binary))
        collect.arguments = ["collect", "--listen", "127.0.0.1:\(port)", "--trace-idle", "1", "--format", "json", "--output", output]
        collect.standardError = FileHandle.nullDevice
        try collect.run()
        defer { if collect.isRunning { collect.terminate() } }

        let app = Process()
        app.executableURL = URL(fileURLWithPath: try #require(LiveSDK.python))
        app.arguments = [Checkout.root.appendingPathComponent("Fixtures/traces/generate/gen_traces.py").path, "--endpoint", "http://127.0.0.1:\(port)/v1/traces"]
        let appOutput = Pipe()
        app.standardOutput = appOutput
        app.standardError = appOutput
        try app.run()
        let printed = String(decoding: appOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        app.waitUntilExit()
        #expect(app.terminationStatus == 0, "\(printed)")

        kill(collect.processIdentifier, SIGTERM)
        collect.waitUntilExit()
        #expect(collect.terminationStatus == 0)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        let findings = report?["findings"] as? [[String: Any]] ?? []
        func finding(_ kind: String, source: String) -> [String: Any]? {
            findings.first { $0["kind"] as? String == kind && $0["source"] as? String == source }
        }
        // Both runs (old and new conventions): each page is a unit named after its route.
        let authors = try #require(finding("n_plus_one", source: "GET books/"))
        #expect(authors["table"] as? String == "books_author" && authors["max_per_unit"] as? Int == 10)
        let counts = try #require(finding("n_plus_one", source: "GET authors/counts/"))
        #expect(counts["max_per_unit"] as? Int == 5 && counts["units"] as? Int == 2)
        let prices = try #require(finding("n_plus_one_http", source: "GET books/prices/"))
        #expect(prices["max_per_unit"] as? Int == 5 && prices["units"] as? Int == 2 && (prices["query"] as? String)?.hasSuffix("/price/{id}") == true)
        #expect(!findings.contains { $0["source"] as? String == "GET books/eager/" })
        let summary = report?["summary"] as? [String: Any]
        #expect(summary?["units"] as? Int == 10)
    }
}

enum LiveSDK {
    static let python: String? = {
        guard let path = ProcessInfo.processInfo.environment["QUERYLENS_OTEL_PYTHON"], FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }()
}
