import Foundation
import QueryLensCore
import Testing
import Yams

/// What ships besides the binary: the GitHub Action, the shell completions and the man page,
/// each checked against what it is made from.
@Suite("Shipping")
struct ShippingTests {
    static let binDirectory = Repository.root.appendingPathComponent(".build/debug").path

    /// action.yml against the Actions metadata schema SchemaStore publishes, as vendored by
    /// check-jsonschema (PyPI; Scripts/test installs it).
    @Test func theActionFollowsTheActionsMetadataSchema() throws {
        guard let python = RecordWrapTests.python else {
            print("skipping: QUERYLENS_TEST_PYTHON is not set (Scripts/test makes it): action.yml is not checked against the schema")
            return
        }
        let checker = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("check-jsonschema").path
        guard FileManager.default.isExecutableFile(atPath: checker) else {
            print("skipping: check-jsonschema is not installed in \(python)'s environment: action.yml is not checked against the schema")
            return
        }
        let valid = try runProgram(checker, ["--builtin-schema", "vendor.github-actions", Repository.root.appendingPathComponent("action.yml").path])
        #expect(valid.status == 0, "\(valid.output)\(valid.errors)")
        // The check can fail: a step list misspelled is refused.
        let broken = try temporaryFile(Array("name: x\ndescription: y\nruns:\n  using: composite\n  stepz: []\n".utf8), name: "action.yml")
        #expect(try runProgram(checker, ["--builtin-schema", "vendor.github-actions", broken]).status != 0)
    }

    /// The script of the action's Check step, run as the runner would run it.
    static func checkStep() throws -> String {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("action.yml"), encoding: .utf8)
        let action = try #require(try Yams.load(yaml: text) as? [String: Any])
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        return try #require(steps.first { $0["id"] as? String == "check" }?["run"] as? String)
    }

    @Test(.enabled(if: QueryLensBinary.path != nil, "the querylens binary is not built"))
    func theActionsCheckStepFailsOnANewNPlusOneAndWritesSARIF() throws {
        let script = try Self.checkStep()
        let directory = URL(fileURLWithPath: try temporaryFile([], name: "placeholder")).deletingLastPathComponent().path
        try FileManager.default.copyItem(atPath: Repository.fixture("demo/django.log").path, toPath: directory + "/django.log")
        let runner = [
            "PATH": Self.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "RUNNER_TEMP": directory, "GITHUB_OUTPUT": directory + "/output", "GITHUB_STEP_SUMMARY": directory + "/summary",
            "QUERYLENS_LOGS": "*.log", "QUERYLENS_COMMAND": "", "QUERYLENS_SQLITE": "false", "QUERYLENS_DATABASE": "",
            "QUERYLENS_BASELINE": "", "QUERYLENS_FAIL_ON": "", "QUERYLENS_FORMAT": "sarif", "QUERYLENS_OUTPUT": "querylens.sarif",
        ]
        let failing = try runProgram("/bin/bash", ["-e", "-c", script], environment: runner, directory: directory)
        #expect(failing.status == 1, "\(failing.output)\(failing.errors)")
        let sarif = try String(contentsOfFile: directory + "/querylens.sarif", encoding: .utf8)
        #expect(sarif.contains("\"ruleId\" : \"n_plus_one\"") || sarif.contains("\"ruleId\":\"n_plus_one\""), "\(sarif.prefix(400))")
        #expect(try String(contentsOfFile: directory + "/output", encoding: .utf8).contains("report=querylens.sarif"))
        #expect(try String(contentsOfFile: directory + "/summary", encoding: .utf8).contains("QueryLens"))

        // Accepted in a baseline: the step passes.
        let baseline = try QueryLensBinary.run(["baseline", directory + "/django.log", "--output", directory + "/baseline.json"])
        #expect(baseline.status == 0)
        var accepted = runner
        accepted["QUERYLENS_BASELINE"] = "baseline.json"
        #expect(try runProgram("/bin/bash", ["-e", "-c", script], environment: accepted, directory: directory).status == 0)

        // A recorded command that fails: its status wins.
        var command = runner
        command["QUERYLENS_LOGS"] = ""
        command["QUERYLENS_COMMAND"] = "exit 3"
        command["QUERYLENS_SQLITE"] = "true"
        #expect(try runProgram("/bin/bash", ["-e", "-c", script], environment: command, directory: directory).status == 3)
        // Logs that match nothing: an error annotation, not a silent pass.
        var nothing = runner
        nothing["QUERYLENS_LOGS"] = "missing/*.log"
        let none = try runProgram("/bin/bash", ["-e", "-c", script], environment: nothing, directory: directory)
        #expect(none.status == 2 && none.output.contains("::error title=QueryLens::no file matches"))
    }

    @Test(.enabled(if: QueryLensBinary.path != nil, "the querylens binary is not built"), arguments: [
        ("bash", "querylens.bash"), ("zsh", "_querylens"), ("fish", "querylens.fish"),
    ])
    func completionScriptsAreFresh(shell: String, file: String) throws {
        let generated = try QueryLensBinary.run(["--generate-completion-script", shell])
        let committed = try String(contentsOf: Repository.root.appendingPathComponent("Scripts/share/completions/\(file)"), encoding: .utf8)
        #expect(generated.status == 0 && generated.output == committed, "run Scripts/generate-shell-files")
    }

    /// The man page, generated by swift-argument-parser's generate-manual from this binary's
    /// help, names every command and option the binary has (Scripts/generate-shell-files).
    @Test(.enabled(if: QueryLensBinary.path != nil, "the querylens binary is not built"))
    func theManPageCoversEveryCommandAndOption() throws {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("Scripts/share/man/man1/querylens.1"), encoding: .utf8)
        let help = try QueryLensBinary.run(["--experimental-dump-help"])
        let root = try #require((try JSONSerialization.jsonObject(with: Data(help.output.utf8)) as? [String: Any])?["command"] as? [String: Any])
        // `.It Fl q , -quiet`, `.It Fl -window Ar window`: the option names the page documents.
        let documented = Set(page.split(separator: "\n").filter { $0.hasPrefix(".It Fl") }.flatMap { $0.split(separator: " ").map(String.init) })
        var missing: [String] = []
        func visit(_ command: [String: Any], path: String) {
            let name = command["commandName"] as? String ?? ""
            if !path.isEmpty, !page.contains(".It Em \(name)") { missing.append("command \(path) \(name)") }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool ?? true {
                for option in argument["names"] as? [[String: Any]] ?? [] where option["kind"] as? String == "long" {
                    let long = option["name"] as? String ?? ""
                    if !documented.contains("-\(long)") { missing.append("option --\(long) of \(path) \(name)") }
                }
            }
            for subcommand in command["subcommands"] as? [[String: Any]] ?? [] { visit(subcommand, path: path + " " + name) }
        }
        visit(root, path: "")
        #expect(missing.isEmpty, "the man page lacks \(missing): run Scripts/generate-shell-files")
    }
}
