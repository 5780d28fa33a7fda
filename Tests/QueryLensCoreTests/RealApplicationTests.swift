import Foundation
import QueryLensCore
import Testing

/// Real open-source applications nobody on the team wrote, driven through real pages, with an
/// ORM-level N+1 detector in the same requests as the reference (Fixtures/realapps: README
/// and expected.json per application, generators in Fixtures/logs/generate/realapps).
@Suite("Real applications")
struct RealApplicationTests {
    struct Expected: Decodable {
        struct Loop: Decodable {
            let request: String
            let table: String
            let repeats: Int
            let statement_template: String
        }

        struct Repeat: Decodable {
            let request: String
            let repeats: Int
            let template: String
        }

        struct Quiet: Decodable {
            let table: String
        }

        let loops_in_trace: [Loop]
        let repeated_same_value: [Repeat]
        let must_not_report: [Quiet]
    }

    static func expected(_ app: String) throws -> Expected {
        let data = try Data(contentsOf: Repository.fixture("realapps/\(app)/expected.json"))
        return try JSONDecoder().decode(Expected.self, from: data)
    }

    /// Wagtail 7.4: its listing page loads each page's image, the image's rendition (created
    /// by `get_or_create`, one `BEGIN; INSERT; COMMIT` per image) and the page's tags; its
    /// admin image listing creates twenty renditions. django-zeal reports the image loop and
    /// the admin's renditions, and misses the listing's renditions and tags.
    @Test(arguments: ["pg-per-request.log", "pg-persistent.log", "django-postgres.log", "django-sqlite.log"])
    func wagtailEveryLoopOfTheLoopBody(file: String) throws {
        let expected = try Self.expected("wagtail")
        let report = try AnalysisPipeline().run(paths: [Repository.fixture("realapps/wagtail/" + file).path])
        let loops = report.findings.filter { $0.kind == .nPlusOne || $0.kind == .nPlusOneWrite }
        for loop in expected.loops_in_trace {
            let kind: FindingKind = loop.statement_template.hasPrefix("INSERT") ? .nPlusOneWrite : .nPlusOne
            let found = loops.first { $0.kind == kind && ($0.table == loop.table || $0.query.contains("\"\(loop.table)\"") || $0.query.contains(" \(loop.table)")) }
            #expect(found != nil, "\(file): no \(kind.rawValue) for \(loop.request) on \(loop.table)")
            #expect((found?.maxPerUnit ?? 0) >= loop.repeats, "\(file): \(loop.table)")
        }
        // The same revision looked up three times on the edit page is a repeated query.
        for repeated in expected.repeated_same_value where repeated.repeats >= 3 {
            #expect(report.findings.contains { $0.kind == .repeatedQuery && repeated.template.contains("\"\($0.table ?? "-")\"") }, "\(file): \(repeated.template.prefix(60))")
        }
        // Lookups that run once per request (site, session, locale, page tree) are not loops.
        let quiet = Set(expected.must_not_report.map(\.table)).subtracting(expected.loops_in_trace.map(\.table))
        #expect(!report.findings.contains { quiet.contains($0.table ?? "") }, "\(file): \(report.findings.filter { quiet.contains($0.table ?? "") }.map(\.query))")
    }

    struct RedmineLoop: Decodable {
        let request: String
        let table: String
        let repeats: Int
        let sources: [String]
    }

    /// Redmine 5.0 (Debian): Bullet reports ten associations on these pages, none of them the
    /// loops that reach the database (the gantt chart's children of each issue, the settings
    /// and module lookups, the statuses of each journal, the custom fields of each type); most
    /// of its reports are answered by Rails' query cache. QueryLens finds exactly those loops,
    /// from the Rails log (with their source lines) and from the server's own log.
    @Test(arguments: ["rails.log", "rails-sqlite.log", "pg.log"])
    func redmineTheLoopsThatReachTheDatabase(file: String) throws {
        struct File: Decodable { let loops_in_trace: [RedmineLoop] }
        let data = try Data(contentsOf: Repository.fixture("realapps/redmine/expected.json"))
        let loops = try JSONDecoder().decode(File.self, from: data).loops_in_trace
        let report = try AnalysisPipeline().run(paths: [Repository.fixture("realapps/redmine/" + file).path])
        for loop in loops {
            let found = report.findings.first { $0.kind == .nPlusOne && $0.table == loop.table }
            #expect(found != nil, "\(file): no N+1 on \(loop.table) (\(loop.request))")
            #expect((found?.maxPerUnit ?? 0) >= min(loop.repeats, 5), "\(file): \(loop.table)")
            if file.hasPrefix("rails") { #expect(found?.source.map { source in loop.sources.contains { $0.hasPrefix(source) || source.hasPrefix($0) } } == true, "\(file): \(found?.source ?? "no source")") }
        }
        // Nothing else: no finding on the driver's type lookups, connection set-up or cache hits.
        #expect(report.findings.count == Set(loops.map(\.table)).count, "\(report.findings.map { "\($0.kind.rawValue) \($0.table ?? "")" })")
    }
}
