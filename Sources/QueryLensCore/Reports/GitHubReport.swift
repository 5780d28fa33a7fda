import Foundation

/// GitHub Actions workflow commands: one annotation per finding, on the source line when the
/// log says where the statement came from.
public enum GitHubReport {
    public static func render(_ report: Report) -> String {
        var lines: [String] = []
        for finding in report.findings {
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            var properties: [String] = []
            if let (file, line) = ReportText.sourceLocation(finding.source) {
                properties.append("file=\(escapeProperty(file))")
                properties.append("line=\(line)")
            }
            properties.append("title=\(escapeProperty("QueryLens: " + ReportText.title(finding)))")
            let message = "\(ReportText.measure(finding)). \(finding.query) — \(finding.suggestion.summary)"
                + (finding.suggestion.batchedQuery.map { " \($0)" } ?? "") + (finding.suggestion.orm.map { " ORM: \($0)" } ?? "")
            lines.append("::\(command) \(properties.joined(separator: ","))::\(escapeData(message))")
        }
        lines.append("::notice title=QueryLens::\(escapeData(ReportText.summaryLine(report)))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Workflow-command escaping (GitHub's toolkit: `%`, CR, LF; plus `:` and `,` in properties).
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
