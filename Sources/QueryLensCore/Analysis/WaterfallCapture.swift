/// The unit where a finding repeated most, kept as fingerprints and times while the log is
/// read; the statements' texts are filled in once, when the report is built.
struct WaterfallCapture {
    struct Bar {
        var offsetMilliseconds: Double
        var durationMilliseconds: Double
        var fingerprint: Fingerprint
        var role: Waterfall.Role
        var line: Int
    }

    var unit: String
    var timed: Bool
    var spanMilliseconds: Double
    var bars: [Bar]
    var omittedBefore: Int
    var omittedAfter: Int

    /// `loop`: the finding's statement(s); `parent`: the query before the loop that produced its
    /// keys. A unit longer than `Waterfall.maximumBars` is shown from just before the parent.
    init(unit: UnitOfWork, loop: [Fingerprint], parent: Fingerprint?, format: LogFormat?) {
        let events = unit.events
        let firstLoop = events.firstIndex { loop.contains($0.fingerprint) } ?? 0
        var parentPosition: Int?
        if let parent {
            parentPosition = events[..<firstLoop].lastIndex { $0.fingerprint == parent }
        }
        let start = events.count <= Waterfall.maximumBars ? 0 : max(0, (parentPosition ?? firstLoop) - 10)
        let end = min(events.count, start + Waterfall.maximumBars)
        let shown = events[start..<end]
        // PostgreSQL logs a statement when it completes; the other sources stamp its start.
        let stampsCompletion = format == .postgresStderr || format == .postgresCSV || format == .postgresJSON
        let timed = shown.allSatisfy { $0.event.timestamp != nil }
        var starts: [Double] = []
        starts.reserveCapacity(shown.count)
        var cursor = 0.0
        for member in shown {
            let duration = member.event.durationMilliseconds ?? 0
            if timed, let timestamp = member.event.timestamp {
                starts.append(Double(timestamp) / 1000 - (stampsCompletion ? duration : 0))
            } else {
                starts.append(cursor)
                cursor += duration
            }
        }
        let origin = starts.min() ?? 0
        var bars: [Bar] = []
        bars.reserveCapacity(shown.count)
        var last = 0.0
        for (offset, member) in zip(starts, shown) {
            let position = bars.count + start
            let role: Waterfall.Role = loop.contains(member.fingerprint) ? .loop : position == parentPosition ? .parent : .other
            let duration = member.event.durationMilliseconds ?? 0
            bars.append(Bar(offsetMilliseconds: offset - origin, durationMilliseconds: duration, fingerprint: member.fingerprint, role: role, line: member.event.line))
            last = max(last, offset - origin + duration)
        }
        self.unit = unit.id
        self.timed = timed
        self.spanMilliseconds = last
        self.bars = bars
        self.omittedBefore = start
        self.omittedAfter = events.count - end
    }

    /// The report's waterfall, each distinct statement's text looked up once.
    func resolved(text: (Fingerprint) -> String) -> Waterfall {
        var statements: [Finding.SequenceStatement] = []
        var index: [Fingerprint: Int] = [:]
        let resolvedBars = bars.map { bar -> Waterfall.Bar in
            let number: Int
            if let known = index[bar.fingerprint] {
                number = known
            } else {
                number = statements.count
                index[bar.fingerprint] = number
                statements.append(Finding.SequenceStatement(fingerprint: bar.fingerprint, query: text(bar.fingerprint)))
            }
            return Waterfall.Bar(
                offsetMs: Analyzer.rounded(bar.offsetMilliseconds), durationMs: Analyzer.rounded(bar.durationMilliseconds),
                statement: number, role: bar.role, line: bar.line)
        }
        return Waterfall(
            unit: unit, timed: timed, spanMs: Analyzer.rounded(spanMilliseconds), statements: statements, bars: resolvedBars,
            omittedBefore: omittedBefore, omittedAfter: omittedAfter)
    }
}
