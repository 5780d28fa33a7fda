import Foundation

/// `querylens merge`: several JSON reports as one, for receivers that each saw part of the
/// traffic (`collect` instances behind the Collector's load-balancing exporter, one per
/// pod), or runs over parts of a log.
///
/// A finding's id is its kind and fingerprint(s), the same on every machine, so findings merge
/// by id: executions, units and time add up; the most per unit and the most distinct values
/// are the largest seen; the statement, its fix, source and example come from the report where
/// it ran most. Two numbers are approximate: the median per unit (the median of the report
/// with the most units) and the confidence (high when the reports that rated it high hold at
/// least half its units). The waterfall is the one of the report where it ran most, and the
/// statements' times add up over what each report listed. Since a unit is one trace, and a trace goes whole to one receiver,
/// nothing else is lost by splitting.
public enum ReportMerge {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    /// A JSON report as `analyze --format json` or `collect --format json` writes it.
    public static func load(path: String) throws -> Report {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw Error(description: "\(path): cannot read the file") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report: Report
        do {
            report = try decoder.decode(Report.self, from: data)
        } catch {
            throw Error(description: "\(path): not a QueryLens JSON report (\(Self.reason(error)))")
        }
        guard report.schemaVersion == Report.schemaVersion else {
            throw Error(description: "\(path): report schema version \(report.schemaVersion), this querylens reads \(Report.schemaVersion)")
        }
        return report
    }

    public static func merge(_ reports: [Report]) throws -> Report {
        guard let first = reports.first else { throw Error(description: "no reports to merge") }
        let versions = Set(reports.map(\.tool.fingerprintVersion))
        guard versions.count == 1 else {
            throw Error(description: "the reports were made with different fingerprint versions (\(versions.sorted().map(String.init).joined(separator: ", "))): their ids cannot be compared")
        }
        var merged: [String: (finding: Finding, highUnits: Int, bestCount: Int, bestUnits: Int)] = [:]
        for report in reports {
            for finding in report.findings {
                let high = finding.confidence == .high ? finding.units : 0
                guard var entry = merged[finding.id] else {
                    merged[finding.id] = (finding, high, finding.count, finding.units)
                    continue
                }
                var combined = finding.count > entry.bestCount ? finding : entry.finding
                combined.count = entry.finding.count + finding.count
                combined.units = entry.finding.units + finding.units
                combined.maxPerUnit = max(entry.finding.maxPerUnit, finding.maxPerUnit)
                combined.medianPerUnit = finding.units > entry.bestUnits ? finding.medianPerUnit : entry.finding.medianPerUnit
                combined.distinctValues = max(entry.finding.distinctValues, finding.distinctValues)
                combined.durationMs = rounded(entry.finding.durationMs + finding.durationMs)
                combined.estimatedBatchedMs = rounded(entry.finding.estimatedBatchedMs + finding.estimatedBatchedMs)
                entry.highUnits += high
                entry.bestCount = max(entry.bestCount, finding.count)
                entry.bestUnits = max(entry.bestUnits, finding.units)
                combined.confidence = entry.highUnits * 2 >= combined.units ? .high : .candidate
                combined.severity = Finding.severity(combined.kind, confidence: combined.confidence, maxPerUnit: combined.maxPerUnit)
                entry.finding = combined
                merged[finding.id] = entry
            }
        }
        let findings = merged.values.map(\.finding).sorted(by: Finding.isReportedBefore)
        var byKind: [String: Int] = [:]
        for kind in FindingKind.allCases { byKind[kind.rawValue] = 0 }
        for finding in findings { byKind[finding.kind.rawValue, default: 0] += 1 }
        let profiles = Set(reports.map(\.summary.profile))
        let summary = Report.Summary(
            inputs: reports.reduce(0) { $0 + $1.summary.inputs }, events: reports.reduce(0) { $0 + $1.summary.events },
            units: reports.reduce(0) { $0 + $1.summary.units }, inferredUnits: reports.reduce(0) { $0 + $1.summary.inferredUnits },
            skippedLines: reports.reduce(0) { $0 + $1.summary.skippedLines }, findings: findings.count, byKind: byKind,
            profile: profiles.count == 1 ? first.summary.profile : "mixed",
            durationMs: reports.contains { $0.summary.durationMs != nil } ? rounded(reports.reduce(0) { $0 + ($1.summary.durationMs ?? 0) }) : nil)
        return Report(summary: summary, inputs: reports.flatMap(\.inputs), findings: findings, statements: statements(reports))
    }

    /// The statements of every report added up by fingerprint. Each report lists only its
    /// top statements, so one that was near the top of only some reports is undercounted.
    private static func statements(_ reports: [Report]) -> [StatementTime]? {
        guard reports.contains(where: { $0.statements != nil }) else { return nil }
        var merged: [Fingerprint: StatementTime] = [:]
        for statement in reports.flatMap({ $0.statements ?? [] }) {
            guard let known = merged[statement.fingerprint] else {
                merged[statement.fingerprint] = statement
                continue
            }
            var sum = StatementTime(
                fingerprint: statement.fingerprint, query: known.query, calls: known.calls + statement.calls,
                totalMs: rounded(known.totalMs + statement.totalMs), maxMs: [known.maxMs, statement.maxMs].compactMap { $0 }.max())
            if known.rows != nil || statement.rows != nil { sum.rows = (known.rows ?? 0) + (statement.rows ?? 0) }
            merged[statement.fingerprint] = sum
        }
        return Array(merged.values.sorted(by: StatementTime.isListedBefore).prefix(StatementTime.reportedCount))
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    private static func reason(_ error: Swift.Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
