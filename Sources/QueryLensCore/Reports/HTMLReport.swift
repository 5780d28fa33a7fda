/// One self-contained page to open from a CI artifact or an e-mail attachment: no network, no
/// script, no external asset. A summary of where the time went, pgBadger's top statements, and
/// per finding the waterfall of its worst unit (`HTMLWaterfall`), its SQL and its fix. Light or
/// dark by the reader's preference, and printable. Every text from the log is escaped
/// (`ReportText.markup`): SQL with `</script>` or markup shows as text.
public enum HTMLReport {
    public static func render(_ report: Report) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>QueryLens: \(report.summary.findings) finding\(report.summary.findings == 1 ? "" : "s")</title>
            <style>\(HTMLStyle.css)</style>
            </head>
            <body>
            <header><h1>QueryLens report</h1><p>\(h(ReportText.summaryLine(report)))</p></header>

            """
        page += summary(report)
        page += findingList(report)
        page += timeTable(report)
        if !report.findings.isEmpty {
            page += "<section id=\"details\">\n<h2>Findings in detail</h2>\n"
            for finding in report.findings { page += detail(finding, report: report) }
            page += "</section>\n"
        }
        page += """
            <footer>\(h(report.tool.name)) \(h(report.tool.version)) · fingerprint version \(report.tool.fingerprintVersion) · \
            report schema \(report.schemaVersion)</footer>
            </body>
            </html>

            """
        return page
    }

    /// Escaped for HTML.
    static func h(_ text: String) -> String { ReportText.markup(text) }

    /// A statement in a table or legend: long ones folded to their start, whole when opened.
    static func sql(_ text: String) -> String {
        guard text.count > 160 else { return "<code class=\"sql\">\(h(text))</code>" }
        return "<details class=\"sql\"><summary><code class=\"sql\">\(h(String(text.prefix(150))))…</code></summary><code class=\"sql\">\(h(text))</code></details>"
    }

    /// The anchor of a finding: its id with anything but letters, digits, `-` and `_` as `-`.
    public static func anchor(_ id: String) -> String {
        "f-" + String(id.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": return Character(scalar)
            default: return "-"
            }
        })
    }

    static func time(_ milliseconds: Double?) -> String {
        guard let milliseconds else { return "—" }
        if milliseconds >= 10_000 { return "\((milliseconds / 100).rounded() / 10) s" }
        return ReportText.milliseconds(milliseconds)
    }

    /// Time the fix of a finding would save: the loop's time less one batched query per unit,
    /// or the index's estimate.
    static func saving(_ finding: Finding) -> Double {
        if let index = finding.index { return index.savedMs ?? 0 }
        return max(0, finding.durationMs - finding.estimatedBatchedMs)
    }

    private static func summary(_ report: Report) -> String {
        let summary = report.summary
        let loops = report.findings.filter { $0.kind != .missingIndex }.reduce(0) { $0 + $1.durationMs }
        let saved = report.findings.reduce(0) { $0 + saving($1) }
        let hasTimes = summary.durationMs != nil
        func card(_ value: String, _ label: String) -> String {
            "<div class=\"card\"><span class=\"value\">\(h(value))</span><span class=\"label\">\(h(label))</span></div>\n"
        }
        var html = "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n"
        html += card("\(summary.events)", "statements in \(summary.units) unit\(summary.units == 1 ? "" : "s") of work")
        html += card(time(summary.durationMs), "time in statements" + (hasTimes ? "" : " (the log has no durations)"))
        html += card(hasTimes ? time(loops) : "—", "inside N+1 loops and repeated queries")
        html += card(hasTimes ? time(saved) : "—", "the fixes would save (estimated)")
        html += "</div>\n<table class=\"kinds\">\n<thead><tr>"
        let kinds = FindingKind.allCases.filter { $0 == .missingIndex || !$0.needsDatabase || (summary.byKind[$0.rawValue] ?? 0) > 0 }
        for kind in kinds { html += "<th class=\"n\"><code>\(kind.rawValue)</code></th>" }
        html += "</tr></thead>\n<tbody>\n<tr>"
        for kind in kinds {
            let count = summary.byKind[kind.rawValue] ?? 0
            html += "<td class=\"n\(count == 0 ? " none" : "")\">\(count)</td>"
        }
        html += "</tr>\n"
        html += "</tbody>\n</table>\n"
        if let checks = report.checks {
            html += "<h3>Checks</h3>\n<table class=\"checks\">\n<thead><tr><th>check</th><th>status</th><th>what it read, or why not</th></tr></thead>\n<tbody>\n"
            for check in checks {
                html += "<tr><td><code>\(h(check.check))</code></td><td\(check.status == .skipped ? " class=\"caution\"" : "")>\(check.status.rawValue)</td><td>\(h(check.detail))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        html += "<h3>Inputs</h3>\n<ul class=\"inputs\">\n"
        for input in report.inputs {
            var line = "<code>\(h(input.path))</code>: \(h(input.envelopes.map { $0 + " > " }.joined() + (input.format ?? "unknown format")))"
            if let prefix = input.logLinePrefix {
                line += " (log_line_prefix <code>\(h(prefix))</code>\(input.logLinePrefixInferred == true ? ", inferred" : ""))"
            }
            line += ", \(input.events) statements"
            if input.skippedLines > 0 {
                line += ", skipped \(input.skippedLines) lines (first: \(input.firstSkippedLines.map(String.init).joined(separator: ", ")))"
            }
            html += "<li>\(line)"
            for warning in input.warnings { html += "<br><span class=\"caution\">warning: \(h(warning))</span>" }
            html += "</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }

    private static func findingList(_ report: Report) -> String {
        var html = "<section id=\"findings\">\n<h2>Findings</h2>\n"
        guard !report.findings.isEmpty else { return html + "<p>No N+1 queries, N+1 writes or repeated queries found.</p>\n</section>\n" }
        html += "<table>\n<thead><tr><th>severity</th><th>finding</th><th class=\"n\">executions</th><th class=\"n\">units</th><th class=\"n\">time</th><th class=\"n\">saves</th></tr></thead>\n<tbody>\n"
        for finding in report.findings {
            html += "<tr><td><span class=\"badge \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span></td>"
            html += "<td><a href=\"#\(anchor(finding.id))\">\(h(ReportText.title(finding)))</a></td>"
            html += "<td class=\"n\">\(finding.count)</td><td class=\"n\">\(finding.units)</td><td class=\"n\">\(time(finding.durationMs))</td>"
            html += "<td class=\"n\">\(time(saving(finding)))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    /// pgBadger's top queries: the statements by total time, each linked to its findings.
    private static func timeTable(_ report: Report) -> String {
        guard let statements = report.statements, !statements.isEmpty else { return "" }
        let total = report.summary.durationMs ?? 0
        var html = "<section id=\"time\">\n<h2>Where the time goes</h2>\n"
        if statements.count == StatementTime.reportedCount { html += "<p>The \(statements.count) statements that took the most time.</p>\n" }
        html += "<table>\n<thead><tr><th class=\"n\">#</th><th>statement</th><th class=\"n\">calls</th><th class=\"n\">total</th><th class=\"n\">share</th><th class=\"n\">mean</th><th class=\"n\">max</th><th>findings</th></tr></thead>\n<tbody>\n"
        for (number, statement) in statements.enumerated() {
            let findings = report.findings.filter { finding in
                finding.fingerprint == statement.fingerprint || finding.sequence?.contains { $0.fingerprint == statement.fingerprint } == true
            }
            let links = findings.map { "<a href=\"#\(anchor($0.id))\">\($0.kind.rawValue)</a>" }.joined(separator: " ")
            let share = total > 0 ? "\(Int((statement.totalMs / total * 100).rounded()))%" : "—"
            let timed = report.summary.durationMs != nil
            html += "<tr id=\"s-\(statement.fingerprint)\"><td class=\"n\">\(number + 1)</td><td>\(sql(statement.query))</td>"
            html += "<td class=\"n\">\(statement.calls)</td><td class=\"n\">\(timed ? time(statement.totalMs) : "—")</td><td class=\"n\">\(share)</td>"
            html += "<td class=\"n\">\(timed ? time(statement.meanMs) : "—")</td><td class=\"n\">\(timed ? time(statement.maxMs) : "—")</td><td>\(links)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private static func detail(_ finding: Finding, report: Report) -> String {
        var html = "<article class=\"finding \(finding.severity.rawValue)\" id=\"\(anchor(finding.id))\">\n"
        html += "<h3><span class=\"badge \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> \(h(ReportText.title(finding)))</h3>\n"
        html += "<p class=\"meta\"><code>\(finding.kind.rawValue)</code> · \(finding.confidence.rawValue) confidence · \(h(ReportText.measure(finding)))</p>\n"
        if let source = finding.source { html += "<p>Source: <code>\(h(source))</code></p>\n" }
        if let waterfall = finding.waterfall { html += HTMLWaterfall.figure(waterfall) }
        if let sequence = finding.sequence {
            html += "<h4>The repeated block</h4>\n<ol class=\"sequence\">\n"
            for statement in sequence { html += "<li><pre><code>\(h(statement.query))</code></pre></li>\n" }
            html += "</ol>\n"
        } else {
            html += "<h4>\(finding.kind == .nPlusOneHTTP ? "The request" : "The statement")</h4>\n<pre><code>\(h(finding.query))</code></pre>\n"
        }
        if let parent = finding.parent { html += "<h4>After the parent query</h4>\n<pre class=\"parent\"><code>\(h(parent.query))</code></pre>\n" }
        html += "<h4>Fix</h4>\n<p>\(h(finding.suggestion.summary))</p>\n"
        if let batched = finding.suggestion.batchedQuery { html += "<pre class=\"fix\"><code>\(h(batched));</code></pre>\n" }
        if let sqlite = finding.suggestion.batchedQuerySQLite { html += "<p>SQLite:</p>\n<pre class=\"fix\"><code>\(h(sqlite));</code></pre>\n" }
        if let plan = finding.suggestion.batchedPlan { html += "<p>Its plan on the database: <code>\(h(plan))</code></p>\n" }
        if let orm = finding.suggestion.orm { html += "<p>With the ORM:</p>\n<pre class=\"fix\"><code>\(h(orm))</code></pre>\n" }
        if let loader = finding.suggestion.loader {
            html += "<details><summary>A batched loader</summary>\n<pre><code>\(h(loader))</code></pre>\n</details>\n"
        }
        if let index = finding.index { html += indexDetail(index) }
        if let evidence = finding.evidence {
            html += "<p>Measured: \(h(evidence.measured))</p>\n"
            if let fix = evidence.fix, finding.kind.needsDatabase { html += "<pre class=\"fix\"><code>\(h(fix))</code></pre>\n" }
        }
        if !finding.example.params.isEmpty {
            html += "<p>Values of one execution: <code>\(h(finding.example.params.map { $0 ?? "NULL" }.joined(separator: ", ")))</code></p>\n"
        }
        let location = ReportText.exampleLocation(finding, inputs: report.inputs.count)
        let line = location.isEmpty ? "" : ", " + h(location)
        html += "<p class=\"id\">id <code>\(h(finding.id))</code>\(finding.example.unit.isEmpty ? "" : " · unit <code>\(h(finding.example.unit))</code>\(line)")</p>\n"
        return html + "</article>\n"
    }

    private static func indexDetail(_ index: IndexAdvisor.Suggestion) -> String {
        var html = "<h4>The index</h4>\n<pre class=\"fix\"><code>\(h(index.createStatement));</code></pre>\n"
        if !index.verified { html += "<p class=\"caution\">Not verified\(index.unverifiedReason.map { ": " + h($0) } ?? "").</p>\n" }
        for redundant in index.redundantIndexes { html += "<p>Makes <code>\(h(redundant))</code> redundant.</p>\n" }
        html += "<table class=\"plans\">\n<thead><tr><th>statement</th><th class=\"n\">runs</th><th>plan before</th><th>plan after</th><th class=\"n\">cost</th></tr></thead>\n<tbody>\n"
        for served in index.statements {
            let after = served.costAfter.map { String(Int($0.rounded())) } ?? "?"
            html += "<tr><td>\(sql(served.query))<br><span class=\"problem\">\(h(served.problem))</span></td><td class=\"n\">\(served.executions)</td>"
            html += "<td><code>\(h(served.planBefore ?? "—"))</code></td><td><code>\(h(served.planAfter ?? "—"))</code>\(served.usesIndex ? " (uses the index)" : "")</td>"
            html += "<td class=\"n\">\(Int(served.costBefore.rounded())) → \(after)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }
}
