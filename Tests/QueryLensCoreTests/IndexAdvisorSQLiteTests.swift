import Foundation
import QueryLensCore
import Testing

/// The index advisor on a real SQLite file (made here, 20,000 rows, ANALYZEd), verified on an
/// in-memory shadow, and compared with the sqlite3 shell's own `.expert`.
@Suite("Index advice on SQLite")
struct IndexAdvisorSQLiteTests {
    static let statements = [
        "SELECT * FROM events WHERE account_id = 7 AND created_at > '2026-01-05'",
        "SELECT id FROM events WHERE kind = 'kind3' ORDER BY created_at DESC LIMIT 10",
        "SELECT * FROM events WHERE account_id = 8",
        "SELECT * FROM events WHERE id = 5",
        "SELECT count(*) FROM events WHERE kind = 'kind1'",
    ]

    static func makeDatabase() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-\(UUID().uuidString).sqlite3").path
        let database = try SQLiteConnection(path: path, readOnly: false)
        try database.execute("""
            CREATE TABLE events (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                INSERT INTO events (account_id, kind, created_at) SELECT i % 500, 'kind' || (i % 10), datetime('2026-01-01', '+' || i || ' minutes') FROM n;
            CREATE INDEX events_kind_idx ON events (kind);
            ANALYZE;
            """)
        return path
    }

    func advise(_ path: String, _ queries: [String]) throws -> [IndexAdvisor.Suggestion] {
        var normalizer = Normalizer()
        let statements = queries.map { query in
            let statement = normalizer.normalize(query)
            return IndexAdvisor.Statement(query: statement.text, shape: statement.shape, executions: 1, durationMs: 1)
        }
        return try IndexAdvisor(database: try DatabaseTarget.open(path)).advise(statements)
    }

    @Test func suggestionsAreVerifiedOnTheShadowAndTheFileIsNotWritten() throws {
        let path = try Self.makeDatabase()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let suggestions = try advise(path, Self.statements)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(suggestions.map(\.createStatement).sorted() == [
            "CREATE INDEX events_account_id_created_at_idx ON events (account_id, created_at);",
            "CREATE INDEX events_kind_created_at_idx ON events (kind, created_at DESC);",
        ])
        #expect(suggestions.allSatisfy { $0.verified && $0.statements.allSatisfy(\.usesIndex) })
        // account_id = ? alone is served by the merged (account_id, created_at) index.
        #expect(suggestions.first { $0.columns.first?.name == "account_id" }?.statements.count == 2)
        #expect(suggestions.first { $0.columns.first?.name == "kind" }?.redundantIndexes == ["events_kind_idx"])
    }

    @Test func theSuggestionIsUsedWhereverSQLitesExpertsIs() throws {
        let path = try Self.makeDatabase()
        let suggestions = try advise(path, Self.statements)
        var normalizer = Normalizer()
        var compared = 0
        for statement in Self.statements {
            guard let expert = try Self.expert(path, statement) else {
                print("skipping: the sqlite3 shell is not installed, .expert is not compared")
                return
            }
            guard expert.contains("CREATE INDEX") else { continue }
            compared += 1
            let normalized = normalizer.normalize(statement).text
            let served = suggestions.flatMap(\.statements).first { $0.query == normalized }
            #expect(served?.usesIndex == true, ".expert suggests \(expert) for \(statement); QueryLens: \(String(describing: served))")
        }
        #expect(compared >= 2)
    }

    /// The sqlite3 shell's `.expert` output for one statement; `nil` when the shell is missing.
    static func expert(_ path: String, _ statement: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(Data(".expert\n\(statement);\n".utf8))
        input.fileHandleForWriting.closeFile()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 127 ? nil : text
    }
}

/// What is not worth an index: a unique key already found, a table of a few pages, an index
/// that saves too little; and an existing index extended rather than doubled.
extension IndexAdvisorSQLiteTests {
    @Test func aUniqueKeyLookupGetsNoIndexLedByIt() throws {
        let path = try Self.makeDatabase()
        #expect(try advise(path, ["SELECT * FROM events WHERE id = 5 AND account_id = 7", "SELECT * FROM events WHERE id = 6"]).isEmpty)
    }

    @Test func aTableOfAFewPagesGetsNoIndex() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-\(UUID().uuidString).sqlite3").path
        let database = try SQLiteConnection(path: path, readOnly: false)
        try database.execute("""
            CREATE TABLE settings (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
                INSERT INTO settings (name, value) SELECT 'setting' || i, 'v' FROM n;
            ANALYZE;
            """)
        #expect(try advise(path, ["SELECT * FROM settings WHERE name = 'setting7'"]).isEmpty)
        // The same query on a table that is not small does get one.
        let big = try Self.makeDatabase()
        #expect(try advise(big, ["SELECT * FROM events WHERE account_id = 7"]).count == 1)
    }

    @Test func anIndexStartingWithTheEqualityColumnsIsExtended() throws {
        let path = try Self.makeDatabase()
        let suggestion = try #require(try advise(path, ["SELECT id FROM events WHERE kind = 'kind3' ORDER BY created_at DESC LIMIT 10"]).first)
        #expect(suggestion.extends == "events_kind_idx")
        #expect(suggestion.redundantIndexes == ["events_kind_idx"])
        #expect(suggestion.savedMs != nil && suggestion.savedCost != nil)
    }

    @Test func anIndexThatSavesTooLittleIsDropped() throws {
        let path = try Self.makeDatabase()
        var normalizer = Normalizer()
        let statement = normalizer.normalize("SELECT * FROM events WHERE account_id = 7")
        let workload = [IndexAdvisor.Statement(query: statement.text, shape: statement.shape, executions: 3, durationMs: 2)]
        let database = try DatabaseTarget.open(path)
        #expect(try IndexAdvisor(database: database).advise(workload).count == 1)
        var strict = IndexAdvisor.Options()
        strict.minimumBenefitMs = 100
        #expect(try IndexAdvisor(database: database, options: strict).advise(workload).isEmpty)
        // Without durations in the log, the planner's cost decides.
        let timeless = [IndexAdvisor.Statement(query: statement.text, shape: statement.shape, executions: 1, durationMs: 0)]
        var costly = IndexAdvisor.Options()
        costly.minimumBenefitCost = 1_000_000
        #expect(try IndexAdvisor(database: database, options: costly).advise(timeless).isEmpty)
    }
}
