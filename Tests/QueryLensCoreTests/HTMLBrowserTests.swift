import Foundation
import QueryLensCore
import Testing

/// The HTML report in a real browser: headless Chromium (Debian's chromium and chromium-driver,
/// driven by Selenium from Fixtures/reports/browser) opens the file as a reader would and tells
/// what is painted. Skipped, with a message, where Scripts/test could not install them.
@Suite("HTML report in Chromium")
struct HTMLBrowserTests {
    struct Seen: Decodable {
        struct Box: Decodable {
            var id: String
            var visible: Bool
            var title: String
            var waterfallVisible: Bool
            var bars: Int
            var loopBarsPainted: Int
        }

        var title: String
        var alerted: Bool
        var forbiddenElements: Int
        var listed: [String]
        var findings: [Box]
        var text: String
    }

    /// What Chromium shows of `report`, with a screenshot in .build/; nil (and a message) when
    /// the browser or Selenium is not there.
    static func open(_ report: Report, name: String) throws -> Seen? {
        guard let python = RecordWrapTests.python else {
            print("skipping: QUERYLENS_TEST_PYTHON is not set (Scripts/test makes it): the HTML report is not checked in Chromium")
            return nil
        }
        let page = try temporaryFile(Array(HTMLReport.render(report).utf8), name: "\(name).html")
        let screenshot = Repository.root.appendingPathComponent(".build/querylens-html-\(name).png").path
        let run = try runProgram(python, [Repository.fixture("reports/browser/check_report.py").path, page, screenshot])
        if run.status == 3 {
            print("skipping: \(run.errors.trimmingCharacters(in: .whitespacesAndNewlines)) (Scripts/test installs them): the HTML report is not checked in Chromium")
            return nil
        }
        #expect(run.status == 0, "\(run.errors)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let seen = try decoder.decode(Seen.self, from: Data(run.output.utf8))
        print("Chromium screenshot of the \(name) report: \(screenshot)")
        return seen
    }

    @Test(arguments: ["golden", "redmine"])
    func everyFindingAndItsWaterfallIsPainted(name: String) throws {
        let report = try AnalyzeTests.analyze(name == "golden" ? ReportGoldenTests.inputs : ["realapps/redmine/pg.log"])
        guard let seen = try Self.open(report, name: name) else { return }
        #expect(!report.findings.isEmpty)
        #expect(seen.listed == report.findings.map { HTMLReport.anchor($0.id) })
        #expect(seen.findings.map(\.id) == report.findings.map { HTMLReport.anchor($0.id) })
        for (box, finding) in zip(seen.findings, report.findings) {
            #expect(box.visible && box.waterfallVisible, "\(finding.id)")
            #expect(box.title.hasPrefix(finding.severity.rawValue) && box.title.contains(finding.table ?? "N+1"), "\(box.title)")
            let loops = finding.waterfall?.bars.filter { $0.role == .loop }.count ?? 0
            #expect(box.bars == finding.waterfall?.bars.count ?? 0 && box.loopBarsPainted == loops, "\(finding.id)")
        }
        #expect(seen.text.contains("Where the time goes") && !seen.alerted && seen.forbiddenElements == 0)
    }

    @Test func markupFromTheLogShowsAsText() throws {
        let hostile = #""</script><img src=x onerror=alert(1)>""#
        let statements = ["SELECT id FROM books"] + (1...4).map { "SELECT * FROM \(hostile) WHERE id = \($0)" }
        let report = try HTMLReportTests.analyze(try HTMLReportTests.jsonl(statements, unit: "<b>unit</b>"))
        guard let seen = try Self.open(report, name: "hostile") else { return }
        #expect(!seen.alerted && seen.forbiddenElements == 0)
        #expect(seen.text.contains("</script><img src=x onerror=alert(1)>") && seen.text.contains("<b>unit</b>"))
        #expect(seen.findings.count == 1 && seen.findings[0].loopBarsPainted == 4)
    }
}
