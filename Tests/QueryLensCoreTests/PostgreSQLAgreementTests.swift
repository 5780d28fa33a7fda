import Foundation
import QueryLensCore
import Testing

/// Checks our fingerprints against the real server's: statements that PostgreSQL's
/// pg_stat_statements counts as one query must get one QueryLens fingerprint. (We merge more
/// than it does, IN lists of any length, never less.) Needs the server the test script starts.
///
/// One known, deliberate difference: the server computes its query id after name resolution,
/// so it also merges `author_id` with `books.author_id`. QueryLens reads logs without the
/// catalog and keeps qualified and unqualified columns apart (see docs/fingerprint.md).
@Suite("PostgreSQL agreement", .enabled(if: PostgreSQLServer.url != nil, PostgreSQLServer.skipMessage))
struct PostgreSQLAgreementTests {
    static let statements = [
        "SELECT * FROM ql_books WHERE author_id = 1",
        "select * from \"ql_books\" where \"author_id\" = 2",
        "SELECT id, title FROM ql_books WHERE genre = 'fiction' ORDER BY published_at DESC LIMIT 20",
        "SELECT id, title FROM ql_books WHERE genre = 'poetry' ORDER BY published_at DESC LIMIT 5",
        "SELECT * FROM ql_books WHERE id IN (1, 2, 3)",
        "SELECT * FROM ql_books WHERE id IN (4, 5)",
        "SELECT * FROM ql_books WHERE id = ANY('{1,2}'::int[])",
        "SELECT count(*) FROM ql_books WHERE author_id = 7",
        "UPDATE ql_books SET title = 'x' WHERE id = -1",
        "UPDATE ql_books SET title = 'y' WHERE id = -2",
        "INSERT INTO ql_books (id, author_id, genre, title) VALUES (100, 1, 'a', 'b')",
        "INSERT INTO ql_books (id, author_id, genre, title) VALUES (101, 1, 'a', 'b'), (102, 2, 'c', 'd')",
        "DELETE FROM ql_books WHERE id >= 100",
    ]

    @Test func mergedByPostgresMeansMergedByQueryLens() throws {
        let url = try #require(PostgreSQLServer.url)
        try PostgreSQLServer.psql(url, """
            CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
            DROP TABLE IF EXISTS ql_books;
            CREATE TABLE ql_books (id int PRIMARY KEY, author_id int, genre text, title text, published_at timestamptz);
            SELECT pg_stat_statements_reset();
            """)
        try PostgreSQLServer.psql(url, Self.statements.joined(separator: ";\n") + ";")
        let serverTexts = try PostgreSQLServer.psql(url, "SELECT query FROM pg_stat_statements WHERE query LIKE '%ql_books%' AND query NOT LIKE '%pg_stat_statements%'", tuplesOnly: true)
            .split(separator: "\n").map { String($0) }.filter { !$0.isEmpty }
        #expect(serverTexts.count >= 8, "\(serverTexts)")
        var normalizer = Normalizer()
        let ours = Set(Self.statements.map { normalizer.fingerprint(of: $0) })
        let theirs = Set(serverTexts.map { normalizer.fingerprint(of: $0) })
        #expect(ours == theirs, "server texts: \(serverTexts)")
        #expect(ours.count <= serverTexts.count)
    }
}

/// The throwaway server of `Scripts/test`, found through QUERYLENS_TEST_DATABASE_URL.
enum PostgreSQLServer {
    static let url = ProcessInfo.processInfo.environment["QUERYLENS_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipMessage: Comment = "QUERYLENS_TEST_DATABASE_URL is not set: run Scripts/test to start a PostgreSQL server for these tests"

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Runs SQL through the real psql client (stopping at the first error) and returns its output.
    @discardableResult
    static func psql(_ url: String, _ sql: String, tuplesOnly: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1"] + (tuplesOnly ? ["-A", "-t"] : []) + ["-c", sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "psql failed: \(errorText)") }
        return text
    }
}
