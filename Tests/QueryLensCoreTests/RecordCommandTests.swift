import Foundation
import Testing

/// `querylens record` as a user runs it: a background process stopped by a signal must flush
/// every recorded statement and exit.
@Suite("Record command", .serialized, .enabled(if: QueryLensBinary.path != nil && PostgreSQLServer.url != nil, PostgreSQLServer.skipMessage))
struct RecordCommandTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalFlushesTheLogAndExits(signal: Int32) throws {
        let url = try #require(PostgreSQLServer.url)
        let upstream = url.replacingOccurrences(of: "postgresql://postgres@", with: "").components(separatedBy: "/").first ?? ""
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-\(UUID().uuidString).jsonl").path
        let port = 40_000 + Int.random(in: 0..<20_000)
        let recorder = Process()
        recorder.executableURL = URL(fileURLWithPath: try #require(QueryLensBinary.path))
        recorder.arguments = ["record", "--listen", "127.0.0.1:\(port)", "--upstream", upstream, "--output", output]
        recorder.standardError = Pipe()
        try recorder.run()
        Thread.sleep(forTimeInterval: 0.5)
        let statements = (1...50).map { "SELECT \($0) AS n" }
        try PostgreSQLServer.psql("postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=prefer", statements.joined(separator: ";\n") + ";")
        kill(recorder.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(10)
        while recorder.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!recorder.isRunning)
        if recorder.isRunning { recorder.terminate() }
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 50)
        #expect(lines.last?.contains("SELECT 50 AS n") == true)
    }
}
