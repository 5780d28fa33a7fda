import Foundation

/// A pull-request comment: a summary table and one section per finding with its fix.
public enum MarkdownReport {
    public static func render(_ report: Report) -> String {
        var lines = ["## QueryLens", "", ReportText.summaryLine(report), ""]
        if report.findings.isEmpty {
            lines.append("No N+1 queries, N+1 writes or repeated queries found.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("| severity | finding | executions | units | time |")
        lines.append("|---|---|---|---|---|")
        for finding in report.findings {
            lines.append("| \(finding.severity.rawValue) | \(escape(ReportText.title(finding))) | \(finding.count) | \(finding.units) | \(ReportText.milliseconds(finding.durationMs)) |")
        }
        for finding in report.findings {
            lines.append("")
            lines.append("### \(escape(ReportText.title(finding)))")
            lines.append("")
            lines.append("`\(finding.kind.rawValue)` · \(finding.confidence.rawValue) confidence · \(ReportText.measure(finding))" + (finding.source.map { " · `\($0)`" } ?? ""))
            lines.append("")
            lines.append("```sql")
            if let sequence = finding.sequence {
                lines += sequence.map { $0.query + ";" }
            } else {
                lines.append(finding.query + ";")
            }
            lines.append("```")
            if let parent = finding.parent {
                lines.append("")
                lines.append("After: `\(parent.query)`")
            }
            lines.append("")
            lines.append("**Fix:** \(finding.suggestion.summary)")
            if let batched = finding.suggestion.batchedQuery {
                lines.append("")
                lines.append("```sql")
                lines.append(batched + ";")
                if let sqlite = finding.suggestion.batchedQuerySQLite { lines.append("-- SQLite:"); lines.append(sqlite + ";") }
                lines.append("```")
            }
            if let evidence = finding.evidence {
                lines.append("")
                lines.append("Measured: \(escape(evidence.measured))")
                if let fix = evidence.fix, finding.kind.needsDatabase {
                    lines.append("")
                    lines.append("```sql")
                    lines.append(fix)
                    lines.append("```")
                }
            }
            if let orm = finding.suggestion.orm {
                lines.append("")
                lines.append("ORM: `\(orm)`")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
