import Foundation

/// docs/detectors.md, written from the detectors themselves (descriptions, examples,
/// profiles), so the documentation cannot drift from the code: a test compares the file with
/// this text.
public enum DetectorDocumentation {
    public static func markdown() -> String {
        var lines = [
            "# Detectors",
            "",
            "<!-- Generated from Sources/QueryLensCore/Detectors by DetectorDocumentation; the test DetectorDocumentationTests keeps it current (QUERYLENS_UPDATE_GOLDEN=1 swift test rewrites it). -->",
            "",
            "Every detector works inside one unit of work (docs/units.md) and ignores transaction control (`BEGIN`, `COMMIT`, `SAVEPOINT`, `RELEASE`), `SET`/`SHOW`/DDL, catalog lookups (`pg_catalog`, `information_schema`, `sqlite_master`) and Rails `CACHE` hits. A finding is merged across units by its kind and fingerprint, and its id (`kind:fingerprint`) is stable across runs and machines.",
            "",
            "## Profiles",
            "",
            "| profile | executions in a unit | distinct values (N+1) | time in a unit | units | sequence repeats |",
            "|---|---|---|---|---|---|",
        ]
        for name in DetectionProfile.Name.allCases {
            let profile = DetectionProfile(name)
            lines.append("| `\(name.rawValue)` | \(profile.minimumRepeats) | \(profile.minimumDistinctValues) | \(profile.minimumDurationMilliseconds == 0 ? "any" : "\(Int(profile.minimumDurationMilliseconds)) ms") | \(profile.minimumUnits) | \(profile.minimumSequenceRepeats) |")
        }
        lines += [
            "",
            "`--profile test` suits test-suite logs (like Prosopite: two executions with different values are enough); `--profile production` suits sampled production traffic (like Sentry: a pattern must cost time and recur). `--min-repeats`, `--min-units` and `--min-duration` override single numbers.",
            "",
            "**Confidence** is `high` when a distinct parent query preceded the loop in most of its units, or every execution shares one source location or controller#action tag; otherwise `candidate`. **Severity**: an N+1 (query, sequence or write) with high confidence and 10 or more executions in a unit is an `error`, otherwise a `warning`; a repeated query is a `note`, a `warning` from 5 executions in a unit.",
        ]
        for detector in Detectors.all {
            lines += ["", "## `\(detector.kind.rawValue)`", "", detector.description, "", "Triggers:", ""]
            for example in detector.triggeringExamples { lines += block(example) }
            lines += ["Does not trigger:", ""]
            for example in detector.nonTriggeringExamples { lines += block(example) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func block(_ example: DetectorExample) -> [String] {
        var lines = ["```sql"]
        if example.profile != .standard { lines.append("-- with --profile \(example.profile.rawValue)") }
        lines += example.statements.map { $0.contains(" -- ") ? $0.replacingOccurrences(of: " -- ", with: "; -- bound: ") : $0 + ";" }
        lines += ["```", ""]
        return lines
    }
}
