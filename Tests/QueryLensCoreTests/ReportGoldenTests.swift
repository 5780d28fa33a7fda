import Foundation
import QueryLensCore
import Testing

/// Every report format against its golden file (Fixtures/reports). After an intended change:
/// QUERYLENS_UPDATE_GOLDEN=1 swift test, then review the diff: it is what users will see.
@Suite("Report formats")
struct ReportGoldenTests {
    static let inputs = ["demo/django.log", "logs/rails/development.log", "logs/pgbench/pgbench.stderr.log"]

    @Test(arguments: ReportFormat.allCases.map(\.rawValue))
    func matchesGolden(format: String) throws {
        let reportFormat = try #require(ReportFormat(rawValue: format))
        let report = try AnalyzeTests.analyze(Self.inputs)
        let rendered = reportFormat.render(report)
        let name = ["text": "report.txt", "json": "report.json", "sarif": "report.sarif", "junit": "report.junit.xml",
                    "markdown": "report.md", "github": "report.github.txt", "html": "report.html"][format] ?? format
        let url = Repository.fixture("reports/\(name)")
        if ProcessInfo.processInfo.environment["QUERYLENS_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == expected)
    }

    /// The demo with its database: the missing-index finding (in HTML with its plans).
    @Test(arguments: ["text", "json", "html"])
    func withADatabaseMatchesGolden(format: String) throws {
        let reportFormat = try #require(ReportFormat(rawValue: format))
        let database = try DatabaseTarget.open(Repository.fixture("demo/bookstore.sqlite3").path)
        var report = try AnalysisPipeline(database: database).run(paths: [Repository.fixture("demo/django.log").path])
        report.inputs[0].path = "demo/django.log"
        for index in report.findings.indices where report.findings[index].example.file != nil {
            report.findings[index].example.file = "demo/django.log"
        }
        let rendered = reportFormat.render(report)
        let url = Repository.fixture("reports/report-database.\(["json": "json", "html": "html"][format] ?? "txt")")
        if ProcessInfo.processInfo.environment["QUERYLENS_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(rendered == (try String(contentsOf: url, encoding: .utf8)))
    }

    /// HTML of real applications nobody on the team wrote: Redmine (Rails) and Wagtail (Django)
    /// on PostgreSQL, as their servers logged them; and the ORM scenarios (real Django and Rails
    /// apps running N+1 pages and their fixes), as the ORMs logged them.
    @Test(arguments: [
        ("realapps/redmine/pg.log", "redmine"), ("realapps/wagtail/pg-per-request.log", "wagtail"),
        ("analyze/django-postgres.log", "orm-django"), ("analyze/rails-development.log", "orm-rails"),
    ])
    func realApplicationsInHTMLMatchGolden(path: String, name: String) throws {
        let rendered = HTMLReport.render(try AnalyzeTests.analyze([path]))
        let url = Repository.fixture("reports/\(name).html")
        if ProcessInfo.processInfo.environment["QUERYLENS_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(rendered == (try String(contentsOf: url, encoding: .utf8)))
    }

    @Test func jsonHasTheSchemaFields() throws {
        let report = try AnalyzeTests.analyze(Self.inputs)
        let object = try JSONSerialization.jsonObject(with: Data(JSONReport.render(report).utf8)) as? [String: Any]
        #expect(object?["schema_version"] as? Int == Report.schemaVersion)
        let findings = try #require(object?["findings"] as? [[String: Any]])
        for finding in findings {
            for key in ["kind", "id", "severity", "table", "columns", "fingerprint", "query", "count", "units", "suggestion"] {
                #expect(finding[key] != nil, "missing \(key)")
            }
        }
        let summary = try #require(object?["summary"] as? [String: Any])
        #expect(summary["findings"] as? Int == findings.count)
    }

    /// Validates the golden JSON report against docs/report-schema.json with Python's
    /// jsonschema (skipped, with a message, where it is not installed).
    @Test func jsonReportFollowsTheSchema() throws {
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                print("skip"); sys.exit(0)
            for report in sys.argv[2:]:
                jsonschema.validate(json.load(open(report)), json.load(open(sys.argv[1])))
            print("valid")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Repository.root.appendingPathComponent("docs/report-schema.json").path,
                             Repository.fixture("reports/report.json").path, Repository.fixture("reports/report-database.json").path,
                             Repository.fixture("reports/inspect-demo.json").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        guard (try? process.run()) != nil else {
            print("skipping: python3 not found, the JSON schema is not checked")
            return
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if text.hasPrefix("skip") {
            print("skipping: Python's jsonschema is not installed, the JSON schema is not checked")
            return
        }
        #expect(process.terminationStatus == 0 && text.hasPrefix("valid"), "\(text)")
    }

    @Test func sarifIsVersion210WithRulesAndLocations() throws {
        let report = try AnalyzeTests.analyze(Self.inputs)
        let object = try JSONSerialization.jsonObject(with: Data(SARIFReport.render(report).utf8)) as? [String: Any]
        #expect(object?["version"] as? String == "2.1.0")
        let run = try #require((object?["runs"] as? [[String: Any]])?.first)
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.count == FindingKind.allCases.count)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == report.findings.count)
        #expect(results.allSatisfy { ($0["locations"] as? [Any])?.count == 1 })
    }

    @Test func githubAnnotationsPointAtTheSourceLine() throws {
        let report = try AnalyzeTests.analyze(["logs/rails/development.log"])
        let text = GitHubReport.render(report)
        #expect(text.hasPrefix("::warning file=app/controllers/posts_controller.rb,line=5,title=QueryLens%3A N+1 query on authors.id::"))
    }

    @Test func textHasNoColourUnlessAsked() throws {
        let report = try AnalyzeTests.analyze(["demo/django.log"])
        #expect(!TextReport.render(report, colour: false).contains("\u{1B}["))
        #expect(TextReport.render(report, colour: true).contains("\u{1B}[1;31merror"))
    }
}
