/// The formats `analyze` writes.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// For a terminal: grouped, worst first, colour on a TTY.
    case text
    /// The versioned schema of docs/report-schema.json.
    case json
    /// SARIF 2.1.0, for GitHub code scanning.
    case sarif
    /// JUnit XML, for CI test reports.
    case junit
    /// For a pull-request comment.
    case markdown
    /// GitHub Actions workflow commands (annotations).
    case github
    /// One self-contained page: summary, where the time goes, each finding's waterfall.
    case html

    public func render(_ report: Report, colour: Bool = false) -> String {
        switch self {
        case .text: return TextReport.render(report, colour: colour)
        case .json: return JSONReport.render(report)
        case .sarif: return SARIFReport.render(report)
        case .junit: return JUnitReport.render(report)
        case .markdown: return MarkdownReport.render(report)
        case .github: return GitHubReport.render(report)
        case .html: return HTMLReport.render(report)
        }
    }
}

/// Shared wording of the report writers.
enum ReportText {
    /// `10 executions in 1 unit (8 distinct values), 3.2 ms`
    static func measure(_ finding: Finding) -> String {
        let unitWord = finding.units == 1 ? "unit" : "units"
        var text: String
        if let evidence = finding.evidence, finding.kind.needsDatabase { return evidence.measured }
        if let index = finding.index {
            let statements = index.statements.count
            let before = index.statements.reduce(0) { $0 + $1.costBefore }
            let after = index.statements.reduce(0) { $0 + ($1.costAfter ?? $1.costBefore) }
            return "serves \(statements) statement\(statements == 1 ? "" : "s") run \(finding.count) time\(finding.count == 1 ? "" : "s"); planner cost \(Int(before.rounded())) → \(Int(after.rounded())), \(index.verified ? "verified" : "not verified")"
        }
        if finding.evidence != nil, finding.kind == .nPlusOne {
            // From pg_stat_statements (`inspect`): calls, not units of work.
            return "\(finding.count) calls after \(finding.units) call\(finding.units == 1 ? "" : "s") of the parent query (about \(finding.maxPerUnit) per call), \(milliseconds(finding.durationMs))"
        }
        switch finding.kind {
        case .nPlusOneSequence:
            text = "block repeated \(finding.count) times in \(finding.units) \(unitWord)"
        default:
            text = "\(finding.count) executions in \(finding.units) \(unitWord)"
        }
        if finding.units > 1 { text += " (max \(finding.maxPerUnit), median \(finding.medianPerUnit) per unit)" }
        if finding.kind == .nPlusOne || finding.kind == .nPlusOneHTTP { text += finding.distinctValues > 0 ? ", \(finding.distinctValues) distinct values" : ", values not in the log" }
        if finding.durationMs > 0 {
            text += ", \(milliseconds(finding.durationMs))"
            if finding.kind == .nPlusOneHTTP {
                text += " (one batched request: about \(milliseconds(finding.estimatedBatchedMs)))"
            } else if finding.kind != .repeatedQuery { text += " (one batched query: about \(milliseconds(finding.estimatedBatchedMs)))" }
        }
        return text
    }

    static func milliseconds(_ value: Double) -> String {
        value >= 100 ? "\(Int(value.rounded())) ms" : "\((value * 100).rounded() / 100) ms"
    }

    /// `authors.id`, `authors (id, name)` or the kind when nothing is known.
    static func target(_ finding: Finding) -> String {
        guard let table = finding.table else { return finding.kind.rawValue }
        switch finding.columns.count {
        case 0: return table
        case 1: return "\(table).\(finding.columns[0])"
        default: return "\(table) (\(finding.columns.joined(separator: ", ")))"
        }
    }

    static func title(_ finding: Finding) -> String {
        switch finding.kind {
        case .nPlusOne: return "N+1 query on \(target(finding))"
        case .nPlusOneSequence: return "N+1 loop of \(finding.sequence?.count ?? 0) queries starting with \(target(finding))"
        case .nPlusOneWrite: return "N+1 write on \(target(finding))"
        case .nPlusOneHTTP: return "N+1 HTTP calls: \(finding.query)"
        case .repeatedQuery: return "Repeated query on \(target(finding))"
        case .missingIndex: return "Missing index on \(target(finding))"
        case .unusedIndex: return "Unused index \(finding.evidence?.object ?? target(finding))"
        case .duplicateIndex: return "Redundant index \(finding.evidence?.object ?? target(finding))"
        case .invalidIndex: return "Invalid index \(finding.evidence?.object ?? target(finding))"
        case .unindexedForeignKey: return "Foreign key without an index on \(target(finding))"
        case .sequentialScans: return "Sequential scans on \(target(finding))"
        case .staleStatistics: return "Stale statistics on \(target(finding))"
        }
    }

    /// Where a finding's example was read: `line 12`, or `pg-2.log:12` when the report read
    /// several inputs (a line number, like a unit id, may then be found in more than one);
    /// empty when it came over the network (no line).
    static func exampleLocation(_ finding: Finding, inputs: Int) -> String {
        let example = finding.example
        guard example.line > 0 else { return "" }
        if inputs > 1, let file = example.file { return "\(file):\(example.line)" }
        return "line \(example.line)"
    }

    /// `file` and `line` of a source like `app/models/post.rb:12:in 'foo'`.
    static func sourceLocation(_ source: String?) -> (file: String, line: Int)? {
        guard let source else { return nil }
        let parts = source.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let line = Int(parts[1]), !parts[0].isEmpty, parts[0].contains(".") else { return nil }
        return (String(parts[0]), line)
    }

    static func summaryLine(_ report: Report) -> String {
        let summary = report.summary
        var text = "Read \(summary.inputs) input\(summary.inputs == 1 ? "" : "s"), \(summary.events) statements in \(summary.units) unit\(summary.units == 1 ? "" : "s") of work"
        if let checks = report.checks {
            let ran = checks.filter { $0.status == .ran }.count
            text = "Inspected \(report.inputs.first?.path ?? "the database"): \(ran) of \(checks.count) checks ran"
            if report.statements != nil { text += ", \(summary.events) calls in pg_stat_statements" }
        }
        if summary.inferredUnits > 0 { text += " (\(summary.inferredUnits) inferred from pauses or sessions)" }
        if summary.skippedLines > 0 { text += ", skipped \(summary.skippedLines) unreadable lines" }
        let kinds = FindingKind.allCases.compactMap { kind -> String? in
            let count = summary.byKind[kind.rawValue] ?? 0
            return count > 0 ? "\(count) \(kind.rawValue)" : nil
        }
        text += ": \(summary.findings) finding\(summary.findings == 1 ? "" : "s")"
        if !kinds.isEmpty { text += " (\(kinds.joined(separator: ", ")))" }
        return text + "."
    }

    /// Text made safe inside XML and HTML, in elements and in quoted attributes: a log's SQL is
    /// untrusted input. Control characters other than line breaks and tabs are dropped.
    static func markup(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
