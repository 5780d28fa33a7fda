import Foundation
import Testing

/// `querylens record -- CMD` as a CI job runs it: the command's output streams through, its
/// exit status comes back (or 128 + the signal that killed it), and `--check` fails the run
/// on what was recorded, unless the command failed first.
@Suite("Record around a command", .serialized, .enabled(if: QueryLensBinary.path != nil, "no .build/debug/querylens: run `swift build` first"))
struct RecordWrapTests {
    static let tracer: String? = {
        let path = Repository.root.appendingPathComponent(".build/debug/libquerylens-sqlite-trace.so").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()
    static let python: String? = ProcessInfo.processInfo.environment["QUERYLENS_TEST_PYTHON"].flatMap {
        FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil
    }

    private func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("querylens-record-\(UUID().uuidString)-\(name)").path
    }

    @Test func theCommandsExitStatusComesBack() throws {
        let output = temporary("none.jsonl")
        let failed = try QueryLensBinary.run(["record", "--sqlite", "--output", output, "--", "sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(failed.status == 3)
        #expect(failed.output == "out\n" && failed.errors.contains("err\n"))
        let killed = try QueryLensBinary.run(["record", "--sqlite", "--output", output, "--", "sh", "-c", "kill -TERM $$"])
        #expect(killed.status == 128 + SIGTERM)
        // Nothing recorded is said, with the likely reason.
        #expect(killed.errors.contains("no SQLite statement was recorded") && killed.errors.contains("statically"))
        let missing = try QueryLensBinary.run(["record", "--sqlite", "--output", output, "--", "no-such-command-\(UUID().uuidString)"])
        #expect(missing.status == 2 && missing.errors.contains("cannot run no-such-command"))
        #expect(try QueryLensBinary.run(["record", "--check"]).status == 64)
    }

    @Test(.enabled(if: RecordWrapTests.tracer != nil, "the SQLite tracer is not built: `swift build --product querylens-sqlite-trace` (Scripts/test does)"))
    func aSQLiteProgramIsRecordedWithValuesAndDurationsAndItsLoopFailsTheCheck() throws {
        let output = temporary("sqlite.jsonl")
        let database = temporary("books.sqlite3")
        let script = Repository.fixture("record/sqlite_loop.py").path
        let result = try QueryLensBinary.run(["record", "--sqlite", "--check", "--output", output, "--", "python3", script, database])
        // The N+1 is new (no baseline): the gate fails; the program's output came through.
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.output.contains("own trace callback saw 11 statements") && result.output.contains("n_plus_one:"))
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        let loop = lines.filter { $0.contains("SELECT name FROM authors WHERE id = ") }
        #expect(loop.count == 10)
        // Values are in the statement (expanded), every duration was measured, the file is named.
        let ids = Set(loop.map { line -> String in
            let sql = line.split(separator: "\"sql\":").last ?? ""
            return String(sql.drop { !$0.isNumber }.prefix { $0.isNumber })
        })
        #expect(ids == ["1", "2", "3", "4", "5"])
        #expect(lines.allSatisfy { $0.contains("\"duration_ms\":") && $0.contains("\"db\":\"\(database)\"") })
        #expect(lines.contains { $0.contains("from_the_child") })
        // A program that fails wins over the gate.
        let failing = try QueryLensBinary.run(["record", "--sqlite", "--check", "--output", output, "--", "sh", "-c", "python3 \(script) \(database) && exit 4"])
        #expect(failing.status == 4)
    }

    @Test(.enabled(if: RecordWrapTests.python != nil && PostgreSQLServer.url != nil, "needs QUERYLENS_TEST_PYTHON (psycopg) and QUERYLENS_TEST_DATABASE_URL: run Scripts/test"))
    func aPsycopgProgramIsRecordedThroughItsDatabaseURL() throws {
        let output = temporary("psycopg.jsonl")
        let script = Repository.fixture("record/psycopg_loop.py").path
        let url = try #require(PostgreSQLServer.url)
        let arguments = ["record", "--check", "--output", output, "--", try #require(Self.python), script]
        let result = try QueryLensBinary.run(arguments, environment: ["DATABASE_URL": url])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("DATABASE_URL → 127.0.0.1:"))
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains("SELECT name FROM wrap_authors WHERE id = $1") }.count == 5)
        #expect(result.output.contains("n_plus_one:") && result.output.contains("wrap_authors"))
        // The program's own status comes back, even with a failing gate.
        #expect(try QueryLensBinary.run(arguments + ["5"], environment: ["DATABASE_URL": url]).status == 5)
    }
}
