import Foundation
import Testing

/// The built `querylens` binary, run as a user or CI would: output, stderr and exit codes.
@Suite("Command line", .enabled(if: QueryLensBinary.path != nil, "the querylens binary is not built next to the tests (.build/debug/querylens)"))
struct CommandLineTests {
    @Test func eventsPrintsJSONLAndASummary() throws {
        let result = try QueryLensBinary.run(["events", Repository.fixture("logs/postgres/default-prefix.log").path])
        #expect(result.status == 0)
        #expect(result.output.split(separator: "\n").count == 4)
        #expect(result.errors.contains("postgres-stderr, log_line_prefix '%m [%p] ' (inferred), 16 lines, 4 events"))
    }

    @Test func aFileInNoKnownFormatIsOneWarningAndExitCode0() throws {
        let path = try temporaryFile(Array("just some notes\nnothing a server wrote\n".utf8), name: "notes.txt")
        for command in ["events", "analyze"] {
            let result = try QueryLensBinary.run([command, path])
            #expect(result.status == 0, "\(command)")
            // events writes it to standard error; analyze's text report holds it.
            let warnings = (result.output + result.errors).split(separator: "\n").filter { $0.contains("warning:") }
            #expect(warnings.count == 1, "\(command)")
            #expect(warnings.first?.contains(path + ": warning: format not recognized (tried PostgreSQL stderr with any log_line_prefix") == true, "\(command)")
        }
    }

    @Test func anUnreadableFileIsOneLineAndExitCode2() throws {
        let result = try QueryLensBinary.run(["events", "/nonexistent/postgresql.log"])
        #expect(result.status == 2)
        #expect(result.errors == "querylens: cannot read /nonexistent/postgresql.log: No such file or directory\n")
    }

    @Test func badUsageIsExitCode64() throws {
        #expect(try QueryLensBinary.run(["events"]).status == 64)
        #expect(try QueryLensBinary.run(["events", "--idle-gap", "-5", "x.log"]).status == 64)
        #expect(try QueryLensBinary.run(["events", "--input-format", "mysql", "x.log"]).status == 64)
    }

    @Test func valuesAreRedactedUnlessAsked() throws {
        let path = Repository.fixture("logs/postgres/workload.stderr.log").path
        let redacted = try QueryLensBinary.run(["events", path])
        #expect(redacted.output.contains("<redacted>"))
        let shown = try QueryLensBinary.run(["events", "--show-values", path])
        #expect(!shown.output.contains("<redacted>"))
    }

    @Test func analyzeFindsTheDemoLoop() throws {
        let result = try QueryLensBinary.run(["analyze", Repository.fixture("demo/django.log").path])
        #expect(result.status == 0)
        #expect(result.output.contains("error N+1 query on bookstore_author.id"))
        #expect(!result.output.contains("\u{1B}["))  // not a terminal: no colour
    }

    @Test func analyzeWritesEveryFormatToAFile() throws {
        for format in ["json", "sarif", "junit", "markdown", "github", "text"] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-\(UUID().uuidString).\(format)").path
            let result = try QueryLensBinary.run(["analyze", "--format", format, "--output", path, Repository.fixture("logs/rails/development.log").path])
            #expect(result.status == 0 && result.output.isEmpty)
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("authors"))
        }
        #expect(try QueryLensBinary.run(["analyze", "--format", "yaml", "x.log"]).status == 64)
        #expect(try QueryLensBinary.run(["analyze", "/nonexistent/app.log"]).status == 2)
    }

    @Test func unitsAreWrittenWithTheirIDs() throws {
        let result = try QueryLensBinary.run(["events", "--units", Repository.fixture("logs/rails/development.log").path])
        #expect(result.status == 0)
        #expect(result.output.components(separatedBy: "\"unit\":\"request-1\"").count - 1 == 6)
    }

    /// As `analyze` groups them, units end with their input: the same log given twice gives
    /// its units twice, the first input's all before the second's.
    @Test func unitsEndWithTheirInput() throws {
        let log = Repository.fixture("logs/rails/development.log").path
        let result = try QueryLensBinary.run(["events", "--units", log, log])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        let firstRequest = lines.indices.filter { lines[$0].contains("\"unit\":\"request-1\"") }
        #expect(firstRequest.count == 12)
        #expect(firstRequest.first.map { lines.count / 2 > $0 } == true)
        #expect(firstRequest.last.map { lines.count / 2 <= $0 } == true)
        #expect(lines.prefix(lines.count / 2).map { $0 } == lines.suffix(lines.count / 2).map { $0 })
    }
}

/// Runs a program with these arguments (and environment additions, without the runner's
/// GITHUB_STEP_SUMMARY); its status, output and errors.
func runProgram(_ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> QueryLensBinary.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    merged.removeValue(forKey: "GITHUB_STEP_SUMMARY")
    for (key, value) in environment { merged[key] = value }
    process.environment = merged
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return QueryLensBinary.Result(
        status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self))
}

/// Finds and runs the binary `swift build` made for this checkout.
enum QueryLensBinary {
    static let path: String? = {
        let path = Repository.root.appendingPathComponent(".build/debug/querylens").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try runProgram(try #require(path), arguments, environment: environment, directory: directory)
    }
}
