/// JUnit XML for CI test reports: one test suite per detector; one failing test case per
/// finding (notes pass, with the finding as output), and a passing case when a detector found
/// nothing, so the report always shows what was checked.
public enum JUnitReport {
    public static func render(_ report: Report) -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let failures = report.findings.filter { $0.severity != .note }.count
        lines.append("<testsuites name=\"querylens\" tests=\"\(max(1, report.findings.count))\" failures=\"\(failures)\">")
        for kind in FindingKind.allCases where !kind.needsDatabase || report.findings.contains(where: { $0.kind == kind }) {
            let findings = report.findings.filter { $0.kind == kind }
            let failing = findings.filter { $0.severity != .note }.count
            lines.append("  <testsuite name=\"\(kind.rawValue)\" tests=\"\(max(1, findings.count))\" failures=\"\(failing)\">")
            if findings.isEmpty {
                lines.append("    <testcase classname=\"querylens.\(kind.rawValue)\" name=\"no \(kind.rawValue) found\"/>")
            }
            for finding in findings {
                lines.append("    <testcase classname=\"querylens.\(kind.rawValue)\" name=\"\(escape(ReportText.title(finding)))\" file=\"\(escape(ReportText.sourceLocation(finding.source)?.file ?? ""))\">")
                let body = escape("\(ReportText.measure(finding))\n\(finding.query)\nFix: \(finding.suggestion.summary)" + (finding.suggestion.batchedQuery.map { "\n\($0)" } ?? ""))
                if finding.severity == .note {
                    lines.append("      <system-out>\(body)</system-out>")
                } else {
                    lines.append("      <failure type=\"\(finding.kind.rawValue)\" message=\"\(escape(ReportText.title(finding)))\">\(body)</failure>")
                }
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String) -> String { ReportText.markup(text) }
}
