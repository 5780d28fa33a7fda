/// The terminal report: a summary of what was read, then findings worst first, each with its
/// fix. Colour only when asked (the CLI asks on a TTY without `NO_COLOR`).
public enum TextReport {
    public static func render(_ report: Report, colour: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines: [String] = [ReportText.summaryLine(report)]
        for input in report.inputs {
            var line = "  \(input.path): \(input.envelopes.map { $0 + " > " }.joined())\(input.format ?? "unknown format")"
            if let prefix = input.logLinePrefix { line += " (log_line_prefix '\(prefix)'\(input.logLinePrefixInferred == true ? ", inferred" : ""))" }
            line += ", \(input.events) statements"
            if input.skippedLines > 0 {
                line += ", skipped \(input.skippedLines) lines (first: \(input.firstSkippedLines.map(String.init).joined(separator: ", ")))"
            }
            lines.append(line)
            for warning in input.warnings where report.checks == nil { lines.append("  \(input.path): warning: \(warning)") }
        }
        for check in report.checks ?? [] {
            lines.append("  \(check.status == .ran ? "checked" : paint("skipped", "33")) \(check.check): \(check.detail)")
        }
        for finding in report.findings {
            lines.append("")
            let severity: String
            switch finding.severity {
            case .error: severity = paint("error", "1;31")
            case .warning: severity = paint("warning", "1;33")
            case .note: severity = paint("note", "1;36")
            }
            lines.append("\(severity) \(paint(ReportText.title(finding), "1")) [\(finding.kind.rawValue), \(finding.confidence.rawValue) confidence]")
            lines.append("  \(ReportText.measure(finding))")
            if let sequence = finding.sequence {
                for (index, statement) in sequence.enumerated() { lines.append("  \(index + 1). \(statement.query)") }
            } else {
                lines.append("  \(finding.kind.needsDatabase && finding.index == nil ? "object:" : "query: ") \(finding.query)")
            }
            if let evidence = finding.evidence, !finding.kind.needsDatabase { lines.append("  measured: \(evidence.measured)") }
            if let parent = finding.parent { lines.append("  after:  \(parent.query)") }
            if let source = finding.source { lines.append("  source: \(source)") }
            lines.append("  fix:    \(finding.suggestion.summary)")
            if let batched = finding.suggestion.batchedQuery { lines.append("          \(paint(batched, "32"))") }
            if let plan = finding.suggestion.batchedPlan { lines.append("  plan:   \(plan)") }
            for served in finding.index?.statements ?? [] {
                lines.append("  serves: \(served.executions)x \(served.query)")
                lines.append("          \(served.problem); cost \(Int(served.costBefore.rounded())) → \(served.costAfter.map { String(Int($0.rounded())) } ?? "?")\(served.usesIndex ? ", uses the index" : "")")
            }
            for redundant in finding.index?.redundantIndexes ?? [] { lines.append("  makes redundant: \(redundant)") }
            if let sqlite = finding.suggestion.batchedQuerySQLite { lines.append("          SQLite: \(paint(sqlite, "32"))") }
            if let orm = finding.suggestion.orm { lines.append("  orm:    \(orm)") }
            if let fix = finding.evidence?.fix, finding.kind.needsDatabase {
                for (index, line) in fix.split(separator: "\n").enumerated() { lines.append((index == 0 ? "  sql:    " : "          ") + paint(String(line), "32")) }
            }
            // Events that came over the network (collect) have no line.
            let location = ReportText.exampleLocation(finding, inputs: report.inputs.count)
            let line = location.isEmpty ? "" : ", " + location
            lines.append("  id:     \(finding.id)" + (finding.example.unit.isEmpty ? "" : "  (\(finding.example.unit)\(line))"))
        }
        if report.findings.isEmpty { lines.append("No N+1 queries, N+1 writes or repeated queries found.") }
        return lines.joined(separator: "\n") + "\n"
    }
}
