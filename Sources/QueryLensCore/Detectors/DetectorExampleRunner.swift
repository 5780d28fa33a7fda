import Foundation

/// Runs a detector on one of its examples, the way the analyzer runs it on a unit: used by
/// the tests (every example must behave as documented) and by `querylens detectors`.
///
/// An example statement may end with `-- v1, v2`: the values bound to its parameters. One
/// that starts with an HTTP method and a URL (`GET http://...`) is an HTTP call.
public enum DetectorExampleRunner {
    public static func findings(_ detector: any Detector, _ example: DetectorExample) -> [UnitFinding] {
        var normalizer = Normalizer()
        var catalog = StatementCatalog()
        var statements: [UnitStatements.Statement] = []
        for text in example.statements {
            var sql = text
            var parameters: [String?] = []
            if let marker = text.range(of: " -- ", options: .backwards) {
                sql = String(text[..<marker.lowerBound])
                parameters = text[marker.upperBound...].split(separator: ",").map { String($0.trimmingSpaces()) }
            }
            var event = QueryEvent(sql: sql, parameters: parameters, line: 0)
            event.isHTTPCall = HTTPCallTemplate.isCall(sql)
            let analyzed = AnalysisPipeline.analyzed(event, &normalizer)
            let entry = catalog.entry(analyzed.fingerprint, sql: sql, isHTTPCall: event.isHTTPCall)
            statements.append(UnitStatements.Statement(
                fingerprint: analyzed.fingerprint, kind: entry.statement.shape.kind, isIgnored: entry.isIgnored, values: analyzed.values,
                durationMilliseconds: 1, source: nil))
        }
        return detector.detect(in: UnitStatements(statements: statements, isInferred: false), profile: DetectionProfile(example.profile))
            .filter { $0.kind == detector.kind }
    }
}
