import Foundation
import QueryLensCore
import Testing

/// `querylens check` and `querylens baseline` run as CI runs them: the built binary in a
/// fresh directory, exit codes as the contract.
@Suite("Check gate", .enabled(if: QueryLensBinary.path != nil, "the querylens binary is not built next to the tests (.build/debug/querylens)"))
struct CheckCommandTests {
    let rails = Repository.fixture("logs/rails/development.log").path
    let demo = Repository.fixture("demo/django.log").path
    static let railsLoop = "n_plus_one:03cffd0e921b416c"
    static let demoLoop = "n_plus_one:6ad0c86fdfa6ad71"

    private func workspace() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aKnownNPlusOneInTheBaselinePasses() throws {
        let directory = try workspace()
        #expect(try QueryLensBinary.run(["baseline", rails, "--output", "base.json"], in: directory).status == 0)
        let result = try QueryLensBinary.run(["check", "--baseline", "base.json", rails], in: directory)
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("QueryLens check passed: 1 finding (1 in the baseline)."))
    }

    @Test func aNewNPlusOneFailsAndOnlyItIsNamed() throws {
        let directory = try workspace()
        _ = try QueryLensBinary.run(["baseline", rails, "--output", "base.json"], in: directory)
        let result = try QueryLensBinary.run(["check", "--baseline", "base.json", rails, demo], in: directory)
        #expect(result.status == 1)
        #expect(result.output.contains("new:    \(Self.demoLoop)"))
        #expect(!result.output.contains("new:    \(Self.railsLoop)"))
        #expect(!result.output.contains("N+1 query on authors.id"))
    }

    @Test func aFixedNPlusOneIsReportedGoneAndTheBaselineTightens() throws {
        let directory = try workspace()
        _ = try QueryLensBinary.run(["baseline", rails, demo, "--output", "base.json"], in: directory)
        let result = try QueryLensBinary.run(["check", "--baseline", "base.json", "--update-baseline", demo], in: directory)
        #expect(result.status == 0)
        #expect(result.output.contains("gone:   \(Self.railsLoop)"))
        let baseline = try Baseline.load(path: directory + "/base.json")
        #expect(baseline.entries.map(\.id) == [Self.demoLoop])
    }

    @Test func aLoopThatGrewBeyondTheToleranceFails() throws {
        let directory = try workspace()
        var baseline = try Baseline.load(path: { () throws -> String in
            _ = try QueryLensBinary.run(["baseline", demo, "--output", "base.json"], in: directory)
            return directory + "/base.json"
        }())
        baseline.entries[0].maxPerUnit = 10
        try baseline.write(to: directory + "/base.json")
        let result = try QueryLensBinary.run(["check", "--baseline", "base.json", demo], in: directory)
        #expect(result.status == 1)
        #expect(result.output.contains("grown:  \(Self.demoLoop) (10 → 25 executions per unit)"))
        #expect(try QueryLensBinary.run(["check", "--baseline", "base.json", "--tolerance", "2", demo], in: directory).status == 0)
    }

    @Test func configurationAllowsWithAReasonAndFailOnChoosesKinds() throws {
        let directory = try workspace()
        try "allow:\n  - table: bookstore_author\n    reason: the admin page lists 25 authors at most\n".write(toFile: directory + "/.querylens.yml", atomically: true, encoding: .utf8)
        let allowed = try QueryLensBinary.run(["check", demo], in: directory)
        #expect(allowed.status == 0)
        #expect(allowed.output.contains("allowed: \(Self.demoLoop) (the admin page lists 25 authors at most)"))
        #expect(try QueryLensBinary.run(["check", "--fail-on", "repeated_query", rails], in: try workspace()).status == 0)
        #expect(try QueryLensBinary.run(["check", "--max-repeats", "5", rails], in: try workspace()).status == 0)
        #expect(try QueryLensBinary.run(["check", "--fail-on", "nonsense", rails]).status == 64)
    }

    @Test(arguments: [
        ("allow:\n  - table: authors\n", ".querylens.yml:2: allow[0] needs a reason"),
        ("profile: [oops\n", ".querylens.yml:2: not valid YAML"),
        ("profile: default\ntolerence: 0.5\n", ".querylens.yml:2: unknown key tolerence"),
        ("min_repeats: one\n", ".querylens.yml:1: min_repeats: expected a whole number"),
    ])
    func aMalformedConfigurationIsOneLineNamingFileAndLine(text: String, message: String) throws {
        let directory = try workspace()
        try text.write(toFile: directory + "/.querylens.yml", atomically: true, encoding: .utf8)
        let result = try QueryLensBinary.run(["check", rails], in: directory)
        #expect(result.status == 2)
        #expect(result.errors.hasPrefix("querylens: "))
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    @Test func theConfigurationIsFoundUpward() throws {
        let directory = try workspace()
        try "profile: production\n".write(toFile: directory + "/.querylens.yml", atomically: true, encoding: .utf8)
        let nested = directory + "/app/log"
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
        // Production thresholds (50 ms, 3 units): the demo's loop is not reported.
        #expect(try QueryLensBinary.run(["check", demo], in: nested).status == 0)
        try "# no settings: the default profile\n".write(toFile: directory + "/empty.yml", atomically: true, encoding: .utf8)
        #expect(try QueryLensBinary.run(["check", "--config", directory + "/empty.yml", demo], in: nested).status == 1)
    }

    @Test func inlineIgnoreCommentsAreHonoured() throws {
        let directory = try workspace()
        let lines = (1...4).map { "{\"session\":\"s\",\"sql\":\"SELECT * FROM authors WHERE id = \($0) -- querylens:ignore n_plus_one\"}" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/ignored.jsonl", atomically: true, encoding: .utf8)
        #expect(try QueryLensBinary.run(["check", "ignored.jsonl"], in: directory).status == 0)
        let loud = lines.map { $0.replacingOccurrences(of: " -- querylens:ignore n_plus_one", with: "") }
        try (loud.joined(separator: "\n") + "\n").write(toFile: directory + "/loud.jsonl", atomically: true, encoding: .utf8)
        #expect(try QueryLensBinary.run(["check", "loud.jsonl"], in: directory).status == 1)
    }

    @Test func theStepSummaryIsWrittenForGitHub() throws {
        let directory = try workspace()
        let result = try QueryLensBinary.run(["check", "--format", "github", rails], in: directory, environment: ["GITHUB_STEP_SUMMARY": directory + "/summary.md"])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("::warning file=app/controllers/posts_controller.rb,line=5"))
        #expect(try String(contentsOfFile: directory + "/summary.md", encoding: .utf8).contains("## QueryLens check: failed"))
    }

    @Test func missingIndexesFailOnlyWhenAsked() throws {
        let database = Repository.fixture("demo/bookstore.sqlite3").path
        let directory = try workspace()
        let asked = try QueryLensBinary.run(["check", "--database", database, "--fail-on", "missing_index", demo], in: directory)
        #expect(asked.status == 1)
        #expect(asked.output.contains("new:    missing_index:bookstore_book(genre,published_at DESC)"))
        #expect(try QueryLensBinary.run(["check", "--database", database, "--fail-on", "repeated_query", demo], in: directory).status == 0)
        let unreachable = try QueryLensBinary.run(["check", "--database", "postgresql://app:pw@127.0.0.1:1/app?connect_timeout=2", demo], in: directory)
        #expect(unreachable.status == 2)
        #expect(unreachable.errors.hasPrefix("querylens: cannot connect to PostgreSQL at 127.0.0.1:1/app") && !unreachable.errors.contains("pw"))
    }

    @Test func unreadableBaselinesAreExitCode2() throws {
        let directory = try workspace()
        try "{\"schema_version\": 99}".write(toFile: directory + "/base.json", atomically: true, encoding: .utf8)
        let result = try QueryLensBinary.run(["check", "--baseline", "base.json", rails], in: directory)
        #expect(result.status == 2)
        #expect(result.errors.contains("base.json: not a QueryLens baseline"))
        #expect(try QueryLensBinary.run(["check", "--baseline", "missing.json", rails], in: directory).status == 2)
    }
}
