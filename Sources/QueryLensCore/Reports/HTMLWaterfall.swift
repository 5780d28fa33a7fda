/// A unit's waterfall as inline SVG: one row per statement in log order, across the time since
/// the unit began (or across the order, when the log has no timestamps), the finding's
/// executions in the accent colour and the parent query marked. Hovering a bar shows its
/// statement, duration, start and line through SVG `<title>`, so no script is needed.
enum HTMLWaterfall {
    static let width = 960.0
    static let margin = 8.0
    static let axisHeight = 22.0

    static func figure(_ waterfall: Waterfall) -> String {
        let bars = waterfall.bars
        let total = bars.count + waterfall.omittedBefore + waterfall.omittedAfter
        let loops = bars.filter { $0.role == .loop }.count
        let byTime = waterfall.timed && waterfall.spanMs > 0
        let rowHeight = bars.count <= 40 ? 10.0 : bars.count <= 120 ? 5.0 : 3.0
        let step = rowHeight + (rowHeight >= 5 ? 2 : 1)
        let height = axisHeight + Double(bars.count) * step + margin
        let plot = width - 2 * margin
        var html = "<figure class=\"waterfall\">\n<figcaption>Unit <code>\(HTMLReport.h(waterfall.unit))</code>: \(total) statement\(total == 1 ? "" : "s")"
        html += byTime ? " in \(HTMLReport.time(waterfall.spanMs))" : ""
        html += ", \(loops) of them this finding's (in colour)"
        if waterfall.omittedBefore + waterfall.omittedAfter > 0 {
            html += "; showing statements \(waterfall.omittedBefore + 1) to \(waterfall.omittedBefore + bars.count)"
        }
        html += ".</figcaption>\n"
        html += "<svg viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"Waterfall of the unit's statements\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        html += axis(waterfall, byTime: byTime, plot: plot, height: height)
        let slot = plot / Double(max(1, bars.count))
        for (row, bar) in bars.enumerated() {
            let x: Double
            let barWidth: Double
            if byTime {
                x = margin + bar.offsetMs / waterfall.spanMs * plot
                barWidth = max(bar.role == .other ? 1.5 : 3, bar.durationMs / waterfall.spanMs * plot)
            } else {
                x = margin + Double(row) * slot
                barWidth = max(1.5, slot)
            }
            let y = axisHeight + Double(row) * step
            var title = "S\(bar.statement + 1) · \(HTMLReport.time(bar.durationMs))"
            if byTime { title += " at +\(HTMLReport.time(bar.offsetMs))" }
            if bar.line > 0 { title += " · line \(bar.line)" }
            if bar.role != .other { title += " · \(bar.role == .loop ? "this finding" : "parent query")" }
            html += "<rect class=\"bar \(bar.role.rawValue)\" x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(barWidth))\" height=\"\(number(rowHeight))\"><title>\(HTMLReport.h(title))</title></rect>\n"
        }
        html += "</svg>\n"
        html += legend(waterfall)
        return html + "</figure>\n"
    }

    /// Ticks at quarters of the span, or a note that the axis is the order.
    private static func axis(_ waterfall: Waterfall, byTime: Bool, plot: Double, height: Double) -> String {
        guard byTime else {
            let why = waterfall.timed ? "all within the clock's resolution" : "the log has no timestamps"
            return "<text class=\"axis\" x=\"\(number(margin))\" y=\"14\">statements in log order (\(why))</text>\n"
        }
        var html = ""
        for quarter in 0...4 {
            let x = margin + plot * Double(quarter) / 4
            let anchor = quarter == 0 ? "start" : quarter == 4 ? "end" : "middle"
            html += "<line class=\"tick\" x1=\"\(number(x))\" y1=\"18\" x2=\"\(number(x))\" y2=\"\(number(height))\"/>"
            html += "<text class=\"axis\" x=\"\(number(x))\" y=\"14\" text-anchor=\"\(anchor)\">\(HTMLReport.h(HTMLReport.time(waterfall.spanMs * Double(quarter) / 4)))</text>\n"
        }
        return html
    }

    /// The distinct statements the bars refer to (S1, S2, ...), with how often each ran here.
    private static func legend(_ waterfall: Waterfall) -> String {
        var runs = Array(repeating: 0, count: waterfall.statements.count)
        var roles = Array(repeating: Waterfall.Role.other, count: waterfall.statements.count)
        for bar in waterfall.bars where bar.statement < runs.count {
            runs[bar.statement] += 1
            if bar.role != .other { roles[bar.statement] = bar.role }
        }
        func item(_ index: Int) -> String {
            "<li><span class=\"swatch \(roles[index].rawValue)\"></span><b>S\(index + 1)</b> ×\(runs[index]) \(HTMLReport.sql(waterfall.statements[index].query))</li>\n"
        }
        let marked = waterfall.statements.indices.filter { roles[$0] != .other }
        let others = waterfall.statements.indices.filter { roles[$0] == .other }
        var html = "<ol class=\"legend\">\n" + marked.map(item).joined() + "</ol>\n"
        if !others.isEmpty {
            html += "<details class=\"others\"><summary>The unit's \(others.count) other statement\(others.count == 1 ? "" : "s")</summary>\n<ol class=\"legend\">\n"
            html += others.map(item).joined() + "</ol>\n</details>\n"
        }
        return html
    }

    /// One decimal, the same on every machine.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
