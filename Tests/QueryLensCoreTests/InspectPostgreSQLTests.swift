import Foundation
import QueryLensCore
import Testing

/// `querylens inspect` against the real PostgreSQL of Scripts/test, in a database of its own
/// (pg_stat_statements and the statistics views are per database, and suites run in parallel).
@Suite("Inspect on PostgreSQL", .serialized, .enabled(if: PostgreSQLServer.url != nil, PostgreSQLServer.skipMessage))
struct InspectPostgreSQLTests {
    static let database = "querylens_inspect"
    static let reader = "querylens_inspect_reader"

    /// The server URL with another database (and role).
    static func url(database: String = database, role: String? = nil) throws -> String {
        let server = try #require(PostgreSQLServer.url)
        var components = try #require(URLComponents(string: server))
        components.path = "/" + database
        if let role { components.user = role }
        return try #require(components.string)
    }

    static let schema = """
        CREATE EXTENSION pg_stat_statements;
        CREATE TABLE authors (id serial PRIMARY KEY, name text UNIQUE, country text);
        CREATE TABLE books (id serial PRIMARY KEY, author_id int REFERENCES authors (id), shelf int, title text, isbn text);
        CREATE TABLE reviews (id serial PRIMARY KEY, book_id int REFERENCES books (id), stars int) WITH (autovacuum_enabled = false);
        CREATE TABLE loans (id serial PRIMARY KEY, book_id int NOT NULL REFERENCES books (id), due date);
        CREATE TABLE events (id serial PRIMARY KEY, kind int, payload text) WITH (autovacuum_enabled = false);
        INSERT INTO authors (name, country) SELECT 'author ' || g, 'country ' || (g % 10) FROM generate_series(1, 200) g;
        INSERT INTO books (author_id, shelf, title, isbn)
            SELECT 1 + g % 200, g % 50, 'title ' || g, CASE WHEN g % 7 = 0 THEN 'duplicate' ELSE 'isbn ' || g END FROM generate_series(1, 5000) g;
        INSERT INTO reviews (book_id, stars) SELECT 1 + g % 5000, g % 5 FROM generate_series(1, 3000) g;
        INSERT INTO loans (book_id, due) SELECT 1 + g % 5000, date '2026-12-01' + g % 30 FROM generate_series(1, 2000) g;
        INSERT INTO events (kind, payload) SELECT g % 20, repeat('x', 40) FROM generate_series(1, 5000) g;
        CREATE INDEX authors_country_idx ON authors (country);
        CREATE INDEX authors_name_country_idx ON authors (name, country);
        CREATE INDEX books_shelf_idx ON books (shelf);
        CREATE INDEX books_shelf_title_idx ON books (shelf, title);
        CREATE INDEX reviews_stars_idx ON reviews (stars);
        CREATE INDEX reviews_stars_again_idx ON reviews (stars);
        CREATE INDEX loans_book_id_idx ON loans (book_id);
        """

    /// A fresh database with the cases; the unique index built concurrently fails on the
    /// duplicate ISBNs and stays behind, invalid.
    static func prepare() throws {
        let server = try #require(PostgreSQLServer.url)
        try PostgreSQLServer.psql(server, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        try PostgreSQLServer.psql(server, "CREATE DATABASE \(database)")
        let url = try url()
        try PostgreSQLServer.psql(url, schema)
        // After the inserts commit (one psql command is one transaction): reviews stays unanalyzed.
        try PostgreSQLServer.psql(url, "ANALYZE authors; ANALYZE books; ANALYZE loans; ANALYZE events;")
        #expect(throws: PostgreSQLServer.Failure.self) { try PostgreSQLServer.psql(url, "CREATE UNIQUE INDEX CONCURRENTLY books_isbn_idx ON books (isbn)") }
        // Sixty scans of a 5,000-row table by a column without an index.
        try PostgreSQLServer.psql(url, (1...60).map { "SELECT count(*) FROM events WHERE kind = \($0 % 20);" }.joined(separator: "\n"))
    }

    /// The N+1 a page of an ORM makes: three shelves, each book's author loaded one by one.
    static func driveTheLoop(_ url: String) throws {
        var statements: [String] = []
        for shelf in 1...3 {
            statements.append("SELECT id, author_id FROM books WHERE shelf = \(shelf) ORDER BY id LIMIT 20;")
            for book in 0..<20 { statements.append("SELECT id, name, country FROM authors WHERE id = \(1 + (shelf * 20 + book) % 200);") }
        }
        try PostgreSQLServer.psql(url, statements.joined(separator: "\n"))
    }

    private func finding(_ report: Report, _ kind: FindingKind, _ object: String) -> Finding? {
        report.findings.first { $0.kind == kind && $0.evidence?.object == object }
    }

    @Test func theCatalogChecksFindEachCaseAndNothingElse() throws {
        try Self.prepare()
        let report = DatabaseInspection.inspect(try DatabaseTarget.open(try Self.url()))
        let checks = try #require(report.checks)
        #expect(checks.allSatisfy { $0.status == .ran }, "\(checks)")

        let unused = try #require(finding(report, .unusedIndex, "public.authors_country_idx"))
        #expect(unused.evidence?.fix == "DROP INDEX CONCURRENTLY public.authors_country_idx;")
        #expect(unused.evidence?.measured.contains("never scanned since the statistics began on") == true)
        // Never an index behind a primary key or a unique constraint.
        let unusedNames = report.findings.filter { $0.kind == .unusedIndex }.compactMap(\.evidence?.object)
        #expect(!unusedNames.contains("public.authors_pkey") && !unusedNames.contains("public.authors_name_key"))
        // Nor the only index serving a foreign key (loans.book_id): deletes of books need it.
        #expect(!unusedNames.contains("public.loans_book_id_idx"))
        // Statistics minutes old cannot tell an unused index: a note, said so.
        #expect(unused.severity == .note && unused.evidence?.measured.contains("too recent to be sure") == true)

        let same = try #require(finding(report, .duplicateIndex, "public.reviews_stars_idx"))
        #expect(same.evidence?.measured.hasPrefix("the same columns as public.reviews_stars_again_idx") == true)
        let prefix = try #require(finding(report, .duplicateIndex, "public.books_shelf_idx"))
        #expect(prefix.evidence?.measured.contains("left prefix of public.books_shelf_title_idx") == true)
        // A unique constraint is a prefix of authors_name_country_idx, and still enforces something.
        #expect(report.findings.filter { $0.kind == .duplicateIndex }.count == 2)

        let invalid = try #require(finding(report, .invalidIndex, "public.books_isbn_idx"))
        #expect(invalid.evidence?.fix?.contains("CREATE UNIQUE INDEX CONCURRENTLY books_isbn_idx ON public.books") == true)

        let foreignKeys = report.findings.filter { $0.kind == .unindexedForeignKey }.compactMap(\.evidence?.object)
        #expect(foreignKeys.sorted() == ["public.books (author_id)", "public.reviews (book_id)"])
        #expect(finding(report, .unindexedForeignKey, "public.reviews (book_id)")?.evidence?.fix == "CREATE INDEX CONCURRENTLY ON public.reviews (book_id);")

        #expect(finding(report, .sequentialScans, "public.events") != nil)
        let stale = try #require(finding(report, .staleStatistics, "public.reviews"))
        #expect(stale.evidence?.measured.hasPrefix("never analyzed") == true)
        #expect(finding(report, .staleStatistics, "public.events") == nil)

        // Stable ids: the same database inspected again gives the same ones.
        let again = DatabaseInspection.inspect(try DatabaseTarget.open(try Self.url()))
        let catalog = { (report: Report) in Set(report.findings.filter { $0.kind != .nPlusOne }.map(\.id)) }
        #expect(catalog(again) == catalog(report))
    }

    @Test func aLoopDrivenDuringTheWindowIsASuspectWithItsParent() throws {
        try Self.prepare()
        let url = try Self.url()
        let target = try DatabaseTarget.open(url)
        let postgres = try #require(target as? PostgreSQLPlanner)
        let before = try WorkloadSnapshot.take(postgres.connection)
        try Self.driveTheLoop(url)
        let report = DatabaseInspection.inspect(target, before: before, windowSeconds: 1)
        let suspects = report.findings.filter { $0.kind == .nPlusOne }
        #expect(suspects.count == 1)
        let suspect = try #require(suspects.first)
        #expect(suspect.confidence == .candidate && suspect.table == "authors" && suspect.columns == ["id"])
        #expect(suspect.query == "SELECT id, name, country FROM authors WHERE id = $1" && suspect.count == 60 && suspect.units == 3)
        #expect(suspect.parent?.query == "SELECT id, author_id FROM books WHERE shelf = $1 ORDER BY id LIMIT $2")
        #expect(suspect.suggestion.batchedQuery == "SELECT id, name, country FROM authors WHERE id = ANY($1)")
        #expect(suspect.evidence?.measured.contains("returning 60 rows (20.0 per call)") == true)
        // The same id a log of these statements gives: a log confirms the suspect.
        var normalizer = Normalizer()
        #expect(suspect.id == "n_plus_one:\(normalizer.fingerprint(of: "SELECT id, name, country FROM authors WHERE id = 7"))")
        // The window holds the loop (and the first snapshot's own read), not what ran before it.
        let calls = Dictionary(uniqueKeysWithValues: (report.statements ?? []).map { ($0.query, $0.calls) })
        #expect(calls[suspect.query] == 60 && calls[suspect.parent?.query ?? ""] == 3 && report.summary.events <= 64)
        #expect(report.checks?.first { $0.check == "workload" }?.detail.contains("in a window of 1 s") == true)
    }

    @Test func theCommandMeasuresAWindowWhileTheLoopRuns() throws {
        try Self.prepare()
        let url = try Self.url()
        let process = Process()
        let binary = try #require(QueryLensBinary.path)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["inspect", "--database", url, "--window", "3s", "--format", "json"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        Thread.sleep(forTimeInterval: 0.8)
        try Self.driveTheLoop(url)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let findings = try #require(object?["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["kind"] as? String == "n_plus_one" && $0["table"] as? String == "authors" })
    }

    @Test func aRoleWithoutReadAllStatsGetsSkipsNotErrors() throws {
        try Self.prepare()
        let server = try #require(PostgreSQLServer.url)
        try PostgreSQLServer.psql(server, """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(Self.reader)') THEN CREATE ROLE \(Self.reader) LOGIN; END IF;
            END $$;
            GRANT CONNECT ON DATABASE \(Self.database) TO \(Self.reader);
            """)
        let report = DatabaseInspection.inspect(try DatabaseTarget.open(try Self.url(role: Self.reader)))
        let workload = try #require(report.checks?.first { $0.check == "workload" })
        #expect(workload.detail.contains("lacks pg_read_all_stats"), "\(workload)")
        // The catalog is readable by any role: its checks still run and find.
        #expect(report.checks?.first { $0.check == "unused_index" }?.status == .ran)
        #expect(finding(report, .unusedIndex, "public.authors_country_idx") != nil)
    }

    @Test func withoutPgStatStatementsTheWorkloadIsSkippedWithTheReason() throws {
        let server = try #require(PostgreSQLServer.url)
        try PostgreSQLServer.psql(server, "DROP DATABASE IF EXISTS querylens_inspect_bare WITH (FORCE)")
        try PostgreSQLServer.psql(server, "CREATE DATABASE querylens_inspect_bare")
        let report = DatabaseInspection.inspect(try DatabaseTarget.open(try Self.url(database: "querylens_inspect_bare")))
        let workload = try #require(report.checks?.first { $0.check == "workload" })
        #expect(workload.status == .skipped && workload.detail.contains("CREATE EXTENSION pg_stat_statements"))
        #expect(report.checks?.first { $0.check == "n_plus_one_suspects" }?.status == .skipped)
        #expect(report.checks?.first { $0.check == "unused_index" }?.status == .ran)
    }
}
