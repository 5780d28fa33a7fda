import Foundation
import QueryLensCore
import Testing

/// Application logs as real ORMs write them (Fixtures/logs/apps: Django, SQLAlchemy, Peewee,
/// Sequel, Eloquent, GORM and Hibernate, run here with their generators) and as the docs of
/// those that cannot run here show them (Fixtures/logs/handwritten/apps: EF Core, Sequelize,
/// Prisma, TypeORM, Ecto). Every file runs the same workload: an N+1 page, its eager-loaded
/// version, one author looked up three times, and a COUNT per author.
@Suite("ORM logs")
struct ORMLogTests {
    struct Expected: Decodable {
        struct Loop: Decodable {
            let table: String
            let repeats: Int
            let kind: String?
        }

        let statements_executed: Int
        let with_parameters: Int
        let n_plus_one: [Loop]
        let source_locations: Bool?
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let path: String
        let format: LogFormat
        /// Words of the ORM's fix that the N+1's advice must hold.
        let fix: String
        /// The three lookups of one author are a finding of their own: requests are told apart
        /// (timestamps, threads or request lines), or the ORM writes that lookup differently
        /// from the loop's (GORM's `First`); otherwise they join R1's loop.
        let separatesRequests: Bool
        var testDescription: String { path }
    }

    static let cases: [Case] = [
        Case(path: "apps/django/verbose-formatter.log", format: .django, fix: "select_related", separatesRequests: true),
        Case(path: "apps/django/basicconfig.log", format: .django, fix: "select_related", separatesRequests: false),
        Case(path: "apps/django/gunicorn-threads.log", format: .django, fix: "select_related", separatesRequests: true),
        Case(path: "apps/sqlalchemy/echo-postgres.log", format: .sqlalchemy, fix: "joinedload", separatesRequests: true),
        Case(path: "apps/sqlalchemy/echo-sqlite.log", format: .sqlalchemy, fix: "joinedload", separatesRequests: true),
        Case(path: "apps/sqlalchemy/flask.log", format: .sqlalchemy, fix: "joinedload", separatesRequests: true),
        Case(path: "apps/peewee/postgres.log", format: .peewee, fix: ".join(", separatesRequests: true),
        Case(path: "apps/peewee/sqlite.log", format: .peewee, fix: ".join(", separatesRequests: false),
        Case(path: "apps/sequel/postgres.log", format: .sequel, fix: ".eager(:author)", separatesRequests: true),
        Case(path: "apps/sequel/sqlite.log", format: .sequel, fix: ".eager(:author)", separatesRequests: true),
        Case(path: "apps/eloquent/postgres.log", format: .eloquent, fix: "->with('author')", separatesRequests: false),
        Case(path: "apps/eloquent/sqlite.log", format: .eloquent, fix: "->with('author')", separatesRequests: false),
        Case(path: "apps/gorm/postgres.log", format: .gorm, fix: "Preload(\"Author\")", separatesRequests: true),
        Case(path: "apps/gorm/sqlite.log", format: .gorm, fix: "Preload(\"Author\")", separatesRequests: true),
        Case(path: "apps/hibernate/postgres.log", format: .hibernate, fix: "JOIN FETCH", separatesRequests: true),
        Case(path: "apps/hibernate/postgres-log4j.log", format: .hibernate, fix: "JOIN FETCH", separatesRequests: true),
        Case(path: "handwritten/apps/efcore.log", format: .efcore, fix: ".Include(p => p.Author)", separatesRequests: true),
        Case(path: "handwritten/apps/sequelize.log", format: .sequelize, fix: "include: [Author]", separatesRequests: false),
        Case(path: "handwritten/apps/sequelize-benchmark.log", format: .sequelize, fix: "include: [Author]", separatesRequests: false),
        Case(path: "handwritten/apps/prisma-events.log", format: .prisma, fix: "include: { author: true }", separatesRequests: false),
        Case(path: "handwritten/apps/typeorm.log", format: .typeorm, fix: "relations: ['author']", separatesRequests: false),
        Case(path: "handwritten/apps/ecto.log", format: .ecto, fix: "Repo.preload(parents, :author)", separatesRequests: true),
        Case(path: "handwritten/apps/ecto-metadata.log", format: .ecto, fix: "Repo.preload(parents, :author)", separatesRequests: true),
    ]

    static func expected(_ path: String) -> Expected? {
        let folder = (path as NSString).deletingLastPathComponent
        return expectedFacts("logs/\(folder)/expected.json", as: Expected.self)[(path as NSString).lastPathComponent]
    }

    @Test(arguments: cases)
    func readsEveryStatementAndFindsEveryLoop(_ test: Case) throws {
        let expected = try #require(Self.expected(test.path))
        let (events, summary) = try readLog("logs/" + test.path)
        #expect(summary.format == test.format)
        #expect(summary.diagnostics.skippedLines == 0)
        // SQLAlchemy's transaction edges (BEGIN (implicit), COMMIT, ROLLBACK) are statements
        // here; the fixture counts only the others.
        let edges = test.format == .sqlalchemy ? events.filter { ["BEGIN", "COMMIT", "ROLLBACK"].contains($0.sql) }.count : 0
        #expect(events.count - edges == expected.statements_executed)
        #expect(events.filter { !$0.parameters.isEmpty }.count == expected.with_parameters)
        if expected.source_locations == true { #expect(events.allSatisfy { $0.source != nil }) }

        let report = try AnalysisPipeline().run(paths: [Repository.fixture("logs/" + test.path).path])
        for loop in expected.n_plus_one {
            let finding = report.findings.first { $0.kind == .nPlusOne && $0.table?.lowercased() == loop.table.lowercased() }
            #expect(finding != nil, "no N+1 on \(loop.table)")
            #expect((finding?.count ?? 0) >= loop.repeats)
            if loop.kind == nil { #expect(finding?.suggestion.orm?.contains(test.fix) == true, "\(finding?.suggestion.orm ?? "no ORM fix")") }
            if expected.source_locations == true { #expect(finding?.source != nil) }
        }
        // The eager-loaded page adds nothing; the repeated lookup is found when requests are apart.
        let repeated = report.findings.filter { $0.kind == .repeatedQuery }
        #expect(repeated.count == (test.separatesRequests ? 1 : 0), "\(repeated.map(\.query))")
        #expect(report.findings.count == expected.n_plus_one.count + repeated.count)
    }

    /// Prisma's `log: ['query']` prints no values: the loop's statements look alike, so they
    /// are reported, but as repeats (the `$on('query')` form with `Params:` tells them apart).
    @Test func prismaWithoutValuesStillReportsTheLoop() throws {
        let (events, summary) = try readLog("logs/handwritten/apps/prisma.log")
        #expect(summary.format == .prisma)
        #expect(events.count == 22)
        #expect(events.allSatisfy { $0.parameters.isEmpty })
        let report = try AnalysisPipeline().run(paths: [Repository.fixture("logs/handwritten/apps/prisma.log").path])
        #expect(report.findings.contains { $0.table == "Author" && $0.count >= 10 })
    }

    /// Two requests served at once by two gunicorn threads interleave line by line; each thread
    /// is a session, and the requests come apart (expected.json lists who served what).
    @Test func interleavedThreadsAreSplitIntoTheirRequests() throws {
        let (events, _) = try readLog("logs/apps/django/gunicorn-threads.log")
        let grouped = units(events)
        #expect(grouped.map(\.events.count) == [6, 11, 1, 3])
        let books = try #require(grouped.first { $0.events.count == 11 })
        #expect(books.events.filter { $0.event.sql.contains("\"books_author\".\"id\" = ") }.count == 10)
        #expect(Set(books.events.compactMap(\.event.session)).count == 1)
        let counts = try #require(grouped.first { $0.events.count == 6 })
        #expect(counts.events.filter { $0.event.sql.hasPrefix("SELECT COUNT(*)") }.count == 5)
        #expect(books.session != counts.session)
    }

    /// runserver's access lines (`django.server`, same prefix, same thread) end each request.
    @Test func accessLinesEndTheirThreadsRequest() throws {
        let (events, _) = try readLog("logs/apps/django/verbose-formatter.log")
        let grouped = units(events)
        #expect(grouped.map(\.events.count) == [2, 11, 1, 3, 6])
        #expect(grouped.dropFirst().allSatisfy { $0.boundary == .explicit })
    }

    @Test func otherLoggersAreIgnoredNotUnreadable() throws {
        let (_, verbose) = try readLog("logs/apps/django/verbose-formatter.log")
        #expect(verbose.diagnostics.ignoredLines > 0)
        #expect(verbose.diagnostics.skippedLines == 0)
        let (_, hibernate) = try readLog("logs/apps/hibernate/postgres.log")
        #expect(hibernate.diagnostics.ignoredLines > 200)
    }
}

extension ORMLogTests {
    /// Each reader reads only its own format: given every other ORM's log, it finds nothing.
    @Test(arguments: [LogFormat.django, .sqlalchemy, .peewee, .sequel, .eloquent, .gorm, .hibernate, .efcore, .sequelize, .prisma, .typeorm, .ecto])
    func aReaderFindsNothingInOtherORMsLogs(format: LogFormat) throws {
        for test in Self.cases + [Case(path: "rails/production.log", format: .rails, fix: "", separatesRequests: true)] where test.format != format {
            let (events, _) = try readLog("logs/" + test.path, format: format)
            #expect(events.isEmpty, "\(format.rawValue) read \(events.count) statements in \(test.path): \(events.first?.sql.prefix(80) ?? "")")
        }
    }
}
