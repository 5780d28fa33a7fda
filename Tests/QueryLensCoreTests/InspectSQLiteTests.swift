import Foundation
import QueryLensCore
import Testing

/// `querylens inspect` on SQLite files made here with the same cases as the PostgreSQL suite.
@Suite("Inspect on SQLite")
struct InspectSQLiteTests {
    static let schema = """
        CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT UNIQUE, country TEXT);
        CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id), shelf INTEGER, title TEXT);
        CREATE TABLE reviews (id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES books (id), stars INTEGER);
        CREATE TABLE loans (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL REFERENCES books (id), member_id INTEGER, due TEXT,
                            FOREIGN KEY (member_id, due) REFERENCES members (id, since));
        CREATE TABLE members (id INTEGER, since TEXT, PRIMARY KEY (id, since));
        CREATE INDEX authors_name_country_idx ON authors (name, country);
        CREATE INDEX books_shelf_idx ON books (shelf);
        CREATE INDEX books_shelf_title_idx ON books (shelf, title);
        CREATE INDEX reviews_stars_idx ON reviews (stars);
        CREATE INDEX reviews_stars_again_idx ON reviews (stars);
        CREATE INDEX reviews_recent_stars_idx ON reviews (stars) WHERE id > 100;
        CREATE INDEX loans_book_id_idx ON loans (book_id);
        CREATE INDEX loans_due_member_idx ON loans (due, member_id);
        INSERT INTO authors (name, country) VALUES ('a', 'x'), ('b', 'y');
        """

    static func database(analyzed: Bool) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-inspect-\(UUID().uuidString).sqlite3").path
        let connection = try SQLiteConnection(path: path, readOnly: false)
        for statement in schema.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
            try connection.execute(statement)
        }
        if analyzed { try connection.execute("ANALYZE") }
        return path
    }

    @Test func theCatalogChecksFindEachCase() throws {
        let report = DatabaseInspection.inspect(try DatabaseTarget.open(try Self.database(analyzed: false)))
        let objects = { (kind: FindingKind) in report.findings.filter { $0.kind == kind }.compactMap(\.evidence?.object).sorted() }
        #expect(objects(.unindexedForeignKey) == ["books (author_id)", "reviews (book_id)"])
        // The two-column key is covered by an index on (due, member_id): order does not matter.
        #expect(objects(.duplicateIndex) == ["books_shelf_idx", "reviews_stars_idx"])
        #expect(report.findings.first { $0.evidence?.object == "books_shelf_idx" }?.evidence?.fix == "DROP INDEX \"books_shelf_idx\";")
        // Without ANALYZE, every indexed table is unmeasured.
        #expect(objects(.staleStatistics) == ["authors", "books", "loans", "members", "reviews"])
        #expect(report.findings.first { $0.kind == .staleStatistics }?.evidence?.measured == "ANALYZE has never run on this database (no sqlite_stat1)")
        let checks = try #require(report.checks)
        #expect(checks.filter { $0.status == .skipped }.map(\.check).sorted()
            == ["invalid_index", "missing_index", "n_plus_one_suspects", "sequential_scans", "unused_index", "workload"])
    }

    @Test func anAnalyzedDatabaseHasNoStaleStatistics() throws {
        let report = DatabaseInspection.inspect(try DatabaseTarget.open(try Self.database(analyzed: true)))
        // ANALYZE writes no row for a table without rows: only those stay unmeasured.
        #expect(report.findings.filter { $0.kind == .staleStatistics }.compactMap(\.evidence?.object).sorted() == ["books", "loans", "members", "reviews"])
        #expect(report.findings.filter { $0.kind == .unindexedForeignKey }.count == 2)
    }

    @Test func theDemoWithItsLogGetsItsMissingIndex() throws {
        var options = DatabaseInspection.Options()
        options.logWorkload = try DatabaseTarget.workload(paths: [Repository.fixture("demo/django.log").path], ingest: LogIngest())
        var report = DatabaseInspection.inspect(try DatabaseTarget.open(Repository.fixture("demo/bookstore.sqlite3").path), options: options)
        #expect(report.findings.contains { $0.kind == .missingIndex && $0.table == "bookstore_book" })
        #expect(report.checks?.first { $0.check == "missing_index" }?.status == .ran)
        // Golden, in text, JSON (checked against the schema) and HTML: what a user sees of an inspection.
        report.inputs[0].path = "demo/bookstore.sqlite3"
        for (format, name) in [(ReportFormat.text, "inspect-demo.txt"), (.json, "inspect-demo.json"), (.html, "inspect-demo.html")] {
            let url = Repository.fixture("reports/\(name)")
            let rendered = format.render(report)
            if ProcessInfo.processInfo.environment["QUERYLENS_UPDATE_GOLDEN"] == "1" { try rendered.write(to: url, atomically: true, encoding: .utf8) }
            #expect(rendered == (try String(contentsOf: url, encoding: .utf8)), "\(name)")
        }
    }

    @Test func theCommandGatesAMigrationOnItsForeignKeys() throws {
        let path = try Self.database(analyzed: true)
        let failing = try QueryLensBinary.run(["check", "--database", path, "--fail-on", "unindexed_foreign_key"])
        #expect(failing.status == 1 && failing.output.contains("unindexed_foreign_key:"), "\(failing.output)\(failing.errors)")
        let passing = try QueryLensBinary.run(["check", "--database", path, "--fail-on", "invalid_index"])
        #expect(passing.status == 0, "\(passing.output)\(passing.errors)")
        // Today's schema debts accepted in a baseline: only a new one fails.
        let baseline = path + ".baseline.json"
        #expect(try QueryLensBinary.run(["baseline", "--database", path, "--output", baseline]).status == 0)
        let accepted = try QueryLensBinary.run(["check", "--database", path, "--baseline", baseline, "--fail-on", "unindexed_foreign_key"])
        #expect(accepted.status == 0, "\(accepted.output)\(accepted.errors)")
        let inspected = try QueryLensBinary.run(["inspect", "--database", path, "--format", "json"])
        #expect(inspected.status == 0 && inspected.output.contains("\"checks\""))
        let unreachable = try QueryLensBinary.run(["inspect", "--database", "postgresql://nobody:secret@127.0.0.1:1/none"])
        #expect(unreachable.status == 2 && unreachable.errors.contains("127.0.0.1") && !unreachable.errors.contains("secret"))
    }
}
