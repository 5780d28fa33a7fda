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
        lines += realApplications
        for detector in Detectors.all {
            lines += ["", "## `\(detector.kind.rawValue)`", "", detector.description, "", "Triggers:", ""]
            for example in detector.triggeringExamples { lines += block(example) }
            lines += ["Does not trigger:", ""]
            for example in detector.nonTriggeringExamples { lines += block(example) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the ORM-level detectors and QueryLens found in the same requests of real
    /// applications (Fixtures/realapps; `RealApplicationTests` asserts QueryLens' side).
    private static let realApplications = [
        "",
        "## Compared with ORM-level detectors on real applications",
        "",
        "Applications nobody on the team wrote, driven through real pages with the ORM-level detector in the same requests (Fixtures/realapps, README and expected.json per application).",
        "",
        "| application, pages | reference detector found | QueryLens, server log | QueryLens, application log | missed |",
        "|---|---|---|---|---|",
        "| Wagtail 7.4 (Django 5.2): site, blog listing twice, admin dashboard, explorer, images, page edit, users, search | django-zeal 2.3: the listing's `ArticlePage.image` (8) and the admin's `Image.renditions` (20); plus `ContentType.get()` and `Page.get()` for 2–3 unrelated gets | every loop of the listing's body: images (8), renditions looked up twice (8 each) and created with a `BEGIN; INSERT; COMMIT` per image (8), tags (8); the admin's renditions (20 lookups, 20 inserts); the revision read three times on the edit page; from per-request and persistent connections | the same from the Django log, on PostgreSQL and on SQLite | zeal: the listing's renditions, their inserts and the tags (nplusone too). QueryLens: same-value pairs (two lookups of the user profile or a revision), below its three-execution floor |",
        "| Redmine 5.0 (Rails 6.1): projects, issues, issue with 16 journals, gantt, members, roadmap, time entries, my page, admin | Bullet 7.2: 6 \"use eager loading\" (2 of them backed by a loop that reaches the database twice, the rest answered by Rails' query cache or not run at all) and 4 \"avoid eager loading\" | the gantt chart's children of each issue (19), settings by name (9–10 per page), enabled modules (5), the statuses of each journal (7), custom fields per type (3) | the same, with each loop's source line, from the Rails log (PostgreSQL and SQLite) | Bullet: every one of those loops. QueryLens: loops the query cache answers after their first two executions (by design: they cost the database nothing) |",
    ]

    private static func block(_ example: DetectorExample) -> [String] {
        if example.statements.contains(where: HTTPCallTemplate.isCall) {
            // A trace's unit: statements and HTTP calls, one per line.
            return ["```text"] + example.statements + ["```", ""]
        }
        var lines = ["```sql"]
        if example.profile != .standard { lines.append("-- with --profile \(example.profile.rawValue)") }
        lines += example.statements.map { $0.contains(" -- ") ? $0.replacingOccurrences(of: " -- ", with: "; -- bound: ") : $0 + ";" }
        lines += ["```", ""]
        return lines
    }
}
