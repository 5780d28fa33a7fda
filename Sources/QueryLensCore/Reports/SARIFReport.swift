import Foundation

/// SARIF 2.1.0 for GitHub code scanning: one rule per detector (from its description), one
/// result per finding, located at the source line when known, else at the log line where the
/// example was read. `partialFingerprints` carries the finding id so code scanning tracks a
/// finding across runs.
public enum SARIFReport {
    public static func render(_ report: Report) -> String {
        let rules: [[String: Any]] = FindingKind.allCases.map { kind in
            [
                "id": kind.rawValue,
                "name": ruleName(kind),
                "shortDescription": ["text": firstSentence(kind.description)],
                "fullDescription": ["text": kind.description],
                "defaultConfiguration": ["level": "warning"],
            ]
        }
        let results: [[String: Any]] = report.findings.map { finding in
            let location: [String: Any]
            if let (file, line) = ReportText.sourceLocation(finding.source) {
                location = ["physicalLocation": ["artifactLocation": ["uri": file], "region": ["startLine": max(1, line)]]]
            } else {
                let input = finding.example.file ?? report.inputs.first?.path ?? "querylens"
                location = ["physicalLocation": ["artifactLocation": ["uri": input], "region": ["startLine": max(1, finding.example.line)]]]
            }
            var text = "\(ReportText.title(finding)): \(ReportText.measure(finding)). \(finding.query)\nFix: \(finding.suggestion.summary)"
            if let batched = finding.suggestion.batchedQuery { text += "\n\(batched)" }
            if let orm = finding.suggestion.orm { text += "\nORM: \(orm)" }
            return [
                "ruleId": finding.kind.rawValue,
                "level": finding.severity.rawValue,
                "message": ["text": text],
                "locations": [location],
                "partialFingerprints": ["queryLensFinding/v1": finding.id],
                "properties": ["confidence": finding.confidence.rawValue, "fingerprint": finding.fingerprint.description, "count": finding.count, "units": finding.units],
            ]
        }
        let sarif: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "QueryLens", "version": report.tool.version, "rules": rules]],
                "results": results,
            ]],
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: sarif, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return "{}\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func ruleName(_ kind: FindingKind) -> String {
        kind.rawValue.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func firstSentence(_ text: String) -> String {
        guard let end = text.range(of: ". ") else { return text }
        return String(text[..<end.lowerBound]) + "."
    }
}
