import Foundation
import Testing

/// The real thing, live: the Django app of Fixtures/traces/generate, instrumented with the real
/// OpenTelemetry Python SDK (Django, sqlite3 and requests instrumentations), exporting to a
/// running `querylens collect`: the old-conventions run over OTLP/HTTP protobuf, the
/// new-conventions run over OTLP/gRPC (the SDK's grpc exporter, as the Collector's exporters). Needs the pinned packages of
/// Fixtures/traces/generate/requirements.txt in a virtualenv named by QUERYLENS_TEST_PYTHON
/// (Scripts/test makes it from PyPI).
@Suite(
    "Live OpenTelemetry SDK", .serialized,
    .enabled(if: LiveSDK.python != nil && Checkout.binary != nil, "QUERYLENS_TEST_PYTHON is not set (Scripts/test sets it up from PyPI): the live SDK test is skipped"))
struct LiveSDKTests {
    @Test func theAppsNPlusOnePagesAreFoundByRouteAndItsEagerPageIsNot() throws {
        let port = 40_000 + Int.random(in: 0..<20_000)
        let grpcPort = port + 1
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-live-\(UUID().uuidString).json").path
        let collect = Process()
        collect.executableURL = URL(fileURLWithPath: try #require(Checkout.binary))
        collect.arguments = ["collect", "--listen", "127.0.0.1:\(port)", "--grpc-listen", "127.0.0.1:\(grpcPort)", "--trace-idle", "1", "--format", "json", "--output", output]
        collect.standardError = FileHandle.nullDevice
        try collect.run()
        defer { if collect.isRunning { collect.terminate() } }

        let generator = Checkout.root.appendingPathComponent("Fixtures/traces/generate/gen_traces.py").path
        for arguments in [
            ["--run", "old", "--endpoint", "http://127.0.0.1:\(port)/v1/traces"], ["--run", "new", "--grpc", "--endpoint", "127.0.0.1:\(grpcPort)"],
        ] {
            let app = Process()
            app.executableURL = URL(fileURLWithPath: try #require(LiveSDK.python))
            app.arguments = [generator] + arguments
            let appOutput = Pipe()
            app.standardOutput = appOutput
            app.standardError = appOutput
            try app.run()
            let printed = String(decoding: appOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            app.waitUntilExit()
            #expect(app.terminationStatus == 0, "\(printed)")
        }

        kill(collect.processIdentifier, SIGTERM)
        collect.waitUntilExit()
        #expect(collect.terminationStatus == 0)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        let findings = report?["findings"] as? [[String: Any]] ?? []
        func finding(_ kind: String, source: String) -> [String: Any]? {
            findings.first { $0["kind"] as? String == kind && $0["source"] as? String == source }
        }
        // Both runs (old conventions over HTTP, new over gRPC): each page is a unit named after
        // its route.
        let authors = try #require(finding("n_plus_one", source: "GET books/"))
        #expect(authors["table"] as? String == "books_author" && authors["max_per_unit"] as? Int == 10)
        let counts = try #require(finding("n_plus_one", source: "GET authors/counts/"))
        #expect(counts["max_per_unit"] as? Int == 5 && counts["units"] as? Int == 2)
        // Each run started its own price service, on its own port: one finding per service.
        let prices = findings.filter { $0["kind"] as? String == "n_plus_one_http" }
        #expect(prices.count == 2)
        #expect(prices.allSatisfy {
            $0["source"] as? String == "GET books/prices/" && $0["max_per_unit"] as? Int == 5 && ($0["query"] as? String)?.hasSuffix("/price/{id}") == true
        })
        #expect(!findings.contains { $0["source"] as? String == "GET books/eager/" })
        let summary = report?["summary"] as? [String: Any]
        #expect(summary?["units"] as? Int == 10)
    }
}

enum LiveSDK {
    static let python: String? = {
        guard let path = ProcessInfo.processInfo.environment["QUERYLENS_TEST_PYTHON"], FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }()
}

/// OTLP/gRPC spoken by the real gRPC client (grpcio, in the same virtualenv): the SDK's
/// captured bodies, gzip-compressed, and what must be refused.
@Suite(
    "OTLP/gRPC receiver", .serialized,
    .enabled(if: LiveSDK.python != nil && Checkout.binary != nil, "QUERYLENS_TEST_PYTHON is not set (Scripts/test sets it up from PyPI): the gRPC client test is skipped"))
struct GRPCReceiverTests {
    /// Runs `collect --grpc-listen` with `extra` options, sends each file, returns the printed
    /// status lines and the JSON report written when it stopped.
    /// Starts `collect` on random ports and waits until both listeners take connections (not a
    /// fixed pause: on a loaded machine start-up can take seconds, and a SIGTERM that comes
    /// before the receiver handles it would kill it without a report). Another port is tried
    /// when the receiver exits at once (a port already taken).
    private func startCollect(output: String, extra: [String]) throws -> (process: Process, port: Int) {
        for _ in 0..<3 {
            let port = 40_000 + Int.random(in: 0..<20_000)
            let collect = Process()
            collect.executableURL = URL(fileURLWithPath: try #require(Checkout.binary))
            collect.arguments = ["collect", "--listen", "127.0.0.1:\(port + 1)", "--grpc-listen", "127.0.0.1:\(port)", "--format", "json", "--output", output] + extra
            collect.standardError = FileHandle.nullDevice
            try collect.run()
            let deadline = Date().addingTimeInterval(30)
            while collect.isRunning && Date() < deadline {
                if (try? HTTPExchange.send(port: port + 1, method: "GET", path: "/ready").status) == 200 && HTTPExchange.accepts(port: port) {
                    return (collect, port)
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            if collect.isRunning { collect.terminate() }
            collect.waitUntilExit()
        }
        throw HTTPExchange.Failure(description: "querylens collect did not start listening")
    }

    private func exchange(_ files: [String], method: [String] = [], extra: [String] = []) throws -> (lines: [String], report: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-grpc-\(UUID().uuidString).json").path
        let (collect, port) = try startCollect(output: output, extra: extra)
        defer { if collect.isRunning { collect.terminate() } }
        let client = Process()
        client.executableURL = URL(fileURLWithPath: try #require(LiveSDK.python))
        client.arguments = [Checkout.root.appendingPathComponent("Fixtures/traces/generate/grpc_export.py").path, "127.0.0.1:\(port)"] + method + files
        let printed = Pipe()
        client.standardOutput = printed
        try client.run()
        let text = String(decoding: printed.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        client.waitUntilExit()
        kill(collect.processIdentifier, SIGTERM)
        collect.waitUntilExit()
        return (text.split(separator: "\n").map(String.init), try String(contentsOfFile: output, encoding: .utf8))
    }

    private var bodies: [String] {
        (1...6).map { Checkout.root.appendingPathComponent(String(format: "Fixtures/traces/otlp-protobuf/old/%04d.pb", $0)).path }
    }

    @Test func theExportersBodiesAreAcceptedAndAnalyzed() throws {
        let (lines, report) = try exchange(bodies)
        #expect(lines.count == 6 && lines.allSatisfy { $0.hasSuffix(" OK ") })
        #expect(report.contains("\"n_plus_one_http\" : 1") && report.contains("\"units\" : 5"))
    }

    @Test func whatIsNotAnExportIsRefusedWithTheStatusTheSpecificationNames() throws {
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-junk-\(UUID().uuidString).pb")
        try Data([0xFF, 0xFF, 0xFF]).write(to: junk)
        #expect(try exchange([junk.path]).lines.first?.contains("INVALID_ARGUMENT") == true)
        #expect(try exchange([junk.path], method: ["--method", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"]).lines.first?.contains("UNIMPLEMENTED") == true)
        // At the open-trace limit: UNAVAILABLE, which exporters retry with back-off.
        let (lines, report) = try exchange(Array(bodies.prefix(2)), extra: ["--max-open-traces", "1"])
        #expect(lines.count == 2 && lines[0].contains(" OK") && lines[1].contains("UNAVAILABLE"))
        #expect(report.contains("retry later"))
    }
}
