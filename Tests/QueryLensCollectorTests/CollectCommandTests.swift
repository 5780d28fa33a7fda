import Foundation
import Testing

/// `querylens collect` and `querylens merge` as a user runs them: a background receiver fed by
/// the exporter's bodies, asked for its report with SIGHUP, stopped with SIGTERM; two reports
/// merged into one.
@Suite("Collect and merge commands", .serialized, .enabled(if: Checkout.binary != nil, "no .build/debug/querylens: run `swift build` first"))
struct CollectCommandTests {

    private func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("querylens-\(UUID().uuidString)-\(name)").path
    }

    /// Runs `collect` on a free port, sends the bodies of one generation, stops it with SIGTERM.
    private func collect(_ generation: String, extra: [String] = [], whileRunning: (Int, Process) throws -> Void = { _, _ in }) throws -> (status: Int32, errors: String) {
        let port = 40_000 + Int.random(in: 0..<20_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Checkout.binary))
        process.arguments = ["collect", "--listen", "127.0.0.1:\(port)", "--trace-idle", "0.1"] + extra
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var ready = false
        for _ in 0..<100 where !ready {
            Thread.sleep(forTimeInterval: 0.05)
            ready = (try? HTTPExchange.send(port: port, method: "GET", path: "/ready").status) == 200
        }
        #expect(ready)
        let directory = Checkout.root.appendingPathComponent("Fixtures/traces/otlp-protobuf/\(generation)")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
            let body = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
            #expect(try HTTPExchange.send(port: port, path: "/v1/traces", headers: [("Content-Type", "application/x-protobuf")], body: body).status == 200)
        }
        try whileRunning(port, process)
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func sighupWritesTheReportAndSigtermWritesItAllAndStops() throws {
        let output = temporary("report.json")
        let baseline = temporary("baseline.json")
        let events = temporary("events.jsonl")
        let result = try collect("old", extra: ["--format", "json", "--output", output, "--write-baseline", baseline, "--events", events]) { _, process in
            Thread.sleep(forTimeInterval: 0.5)
            kill(process.processIdentifier, SIGHUP)
            var written = false
            for _ in 0..<100 where !written {
                Thread.sleep(forTimeInterval: 0.05)
                written = FileManager.default.fileExists(atPath: output)
            }
            #expect(written)
        }
        #expect(result.status == 0)
        #expect(result.errors.contains("6 requests, 32 spans, 5 traces analyzed, 3 findings"))
        let report = try String(contentsOfFile: output, encoding: .utf8)
        #expect(report.contains("\"n_plus_one_http\" : 1"))
        #expect(try String(contentsOfFile: baseline, encoding: .utf8).contains("n_plus_one_http:"))
        let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 27 && lines.filter { $0.contains("\"kind\":\"http\"") }.count == 5)
    }

    @Test func twoReceiversMergeIntoTheReportOfBoth() throws {
        let (old, new, both) = (temporary("old.json"), temporary("new.json"), temporary("both.json"))
        #expect(try collect("old", extra: ["--format", "json", "--output", old]).status == 0)
        #expect(try collect("new", extra: ["--format", "json", "--output", new]).status == 0)
        let merge = Process()
        merge.executableURL = URL(fileURLWithPath: try #require(Checkout.binary))
        merge.arguments = ["merge", "--format", "json", "--output", both, old, new]
        try merge.run()
        merge.waitUntilExit()
        #expect(merge.terminationStatus == 0)
        let merged = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: both))) as? [String: Any]
        let findings = merged?["findings"] as? [[String: Any]] ?? []
        let http = findings.first { $0["kind"] as? String == "n_plus_one_http" }
        // Both runs called the same price service 5 times: one finding, by its id, in 2 units.
        #expect(findings.filter { $0["kind"] as? String == "n_plus_one_http" }.count == 1)
        #expect(http?["count"] as? Int == 10 && http?["units"] as? Int == 2 && http?["max_per_unit"] as? Int == 5)
        // The authors' loop (10 per page) and the repeated author (3), in each run.
        let authors = findings.first { ($0["table"] as? String) == "books_author" }
        #expect(authors?["units"] as? Int == 4 && authors?["count"] as? Int == 26 && authors?["max_per_unit"] as? Int == 10)
        let summary = merged?["summary"] as? [String: Any]
        #expect(summary?["units"] as? Int == 10 && summary?["inputs"] as? Int == 2)

        let broken = temporary("broken.json")
        try Data("{".utf8).write(to: URL(fileURLWithPath: broken))
        let refused = Process()
        refused.executableURL = URL(fileURLWithPath: try #require(Checkout.binary))
        refused.arguments = ["merge", old, broken]
        let errors = Pipe()
        refused.standardError = errors
        refused.standardOutput = FileHandle.nullDevice
        try refused.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        refused.waitUntilExit()
        #expect(refused.terminationStatus == 2 && message.contains("broken.json: not a QueryLens JSON report"))
    }
}

/// This checkout and the binary `swift build` made in it.
enum Checkout {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary: String? = {
        let path = root.appendingPathComponent(".build/debug/querylens").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()
}
