import Foundation
import Testing

/// The progress line: on a terminal only, and never with --quiet.
@Suite("Progress")
struct ProgressTests {
    /// A log that takes the debug build well over the first redraw (a quarter second) to read.
    static func largeLog() throws -> String {
        let excerpt = try Data(contentsOf: Repository.fixture("logs/pgbench/pgbench.stderr.log"))
        return try temporaryFile(Array(repeating: [UInt8](excerpt), count: 25).flatMap { $0 }, name: "large.log")
    }

    /// Runs `querylens ARGS` under script(1), which gives it a terminal; what the terminal got.
    static func onATerminal(_ arguments: [String]) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), let binary = QueryLensBinary.path else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", ([binary] + arguments).joined(separator: " "), "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aTerminalSeesProgressAndAPipeDoesNot() throws {
        let log = try Self.largeLog()
        let report = log + ".json"
        guard let terminal = try Self.onATerminal(["analyze", "--format", "json", "--output", report, log]) else {
            print("skipping: script(1) or the querylens binary is missing: progress on a terminal is not checked")
            return
        }
        #expect(terminal.contains("reading ") && terminal.contains(" MB (") && terminal.contains("statements/s"), "\(terminal.prefix(300))")
        // Cleared before the end, so what follows starts on a clean line.
        #expect(terminal.hasSuffix("\r\u{1B}[K"))
        let quiet = try #require(try Self.onATerminal(["analyze", "--quiet", "--format", "json", "--output", report, log]))
        #expect(!quiet.contains("reading "))
        let piped = try QueryLensBinary.run(["analyze", "--format", "json", "--output", report, log])
        #expect(piped.status == 0 && piped.errors.isEmpty)
    }
}
