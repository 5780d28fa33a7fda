import Foundation
import QueryLensCore
import Testing

/// The index advisor against the real PostgreSQL of Scripts/test, with HypoPG, on tables big
/// enough that the planner cares (made here, through psql, in the throwaway database).
@Suite("Index advice on PostgreSQL", .serialized, .enabled(if: PostgreSQLServer.url != nil, PostgreSQLServer.skipMessage))
struct IndexAdvisorPostgreSQLTests {
    static let setup = """
        CREATE EXTENSION IF NOT EXISTS hypopg;
        DROP TABLE IF EXISTS ql_events;
        CREATE TABLE ql_events (id bigserial PRIMARY KEY, account_id int NOT NULL, kind text NOT NULL, created_at timestamptz NOT NULL, payload text, deleted_at timestamptz);
        INSERT INTO ql_events (account_id, kind, created_at, payload, deleted_at)
            SELECT i % 1000, 'kind' || (i % 10), timestamptz '2026-01-01' + (i || ' minutes')::interval, repeat('x', 50),
                   CASE WHEN i % 50 = 0 THEN NULL ELSE timestamptz '2026-06-01' END
            FROM generate_series(1, 100000) i;
        CREATE INDEX ql_events_kind_idx ON ql_events (kind);
        ANALYZE ql_events;
        """

    private func advise(_ queries: [String]) throws -> [IndexAdvisor.Suggestion] {
        let url = try #require(PostgreSQLServer.url)
        try PostgreSQLServer.psql(url, Self.setup)
        // VACUUM sets the visibility map, as on any table in service: index-only scans pay.
        try PostgreSQLServer.psql(url, "VACUUM ANALYZE ql_events")
        let planner = try DatabaseTarget.open(url)
        var normalizer = Normalizer()
        let statements = queries.map { query in
            let statement = normalizer.normalize(query)
            return IndexAdvisor.Statement(query: statement.text, shape: statement.shape, executions: 10, durationMs: 5)
        }
        return try IndexAdvisor(database: planner).advise(statements)
    }

    @Test func equalityAndRangeGetOneCompoundIndexInTheRightOrder() throws {
        let suggestions = try advise(["SELECT * FROM ql_events WHERE created_at > '2026-02-01' AND account_id = 7"])
        #expect(suggestions.map(\.createStatement) == ["CREATE INDEX CONCURRENTLY ql_events_account_id_created_at_idx ON ql_events (account_id, created_at);"])
        let served = try #require(suggestions.first?.statements.first)
        #expect(suggestions.first?.verified == true && served.usesIndex)
        #expect((served.costAfter ?? .infinity) < served.costBefore / 5)
    }

    @Test func equalitySortAndLimitPutTheSortColumnInTheIndex() throws {
        let suggestions = try advise(["SELECT id FROM ql_events WHERE kind = 'kind3' ORDER BY created_at DESC LIMIT 10"])
        #expect(suggestions.map(\.columns) == [[IndexColumn(name: "kind"), IndexColumn(name: "created_at", descending: true)]])
        #expect(suggestions.first?.statements.first?.problem == "Sort feeding a LIMIT")
        #expect(suggestions.first?.redundantIndexes == ["ql_events_kind_idx"])
        // It starts with what ql_events_kind_idx has: extend that one, do not add a second.
        #expect(suggestions.first?.extends == "ql_events_kind_idx")
        #expect((suggestions.first?.savedMs ?? 0) > 0)
    }

    @Test func aPrimaryKeyLookupGetsNoIndexLedByIt() throws {
        #expect(try advise(["SELECT * FROM ql_events WHERE id = 5 AND account_id = 7 AND kind = 'kind2'"]).isEmpty)
    }

    @Test func aTableOfAFewPagesGetsNoIndex() throws {
        let url = try #require(PostgreSQLServer.url)
        try PostgreSQLServer.psql(url, """
            DROP TABLE IF EXISTS ql_settings;
            CREATE TABLE ql_settings (id serial PRIMARY KEY, name text NOT NULL, value text);
            INSERT INTO ql_settings (name, value) SELECT 'setting' || i, 'v' FROM generate_series(1, 40) i;
            ANALYZE ql_settings;
            """)
        #expect(try advise(["SELECT * FROM ql_settings WHERE name = 'setting7'"]).isEmpty)
    }

    @Test func queriesSharingAnEqualityPrefixGetOneMergedIndex() throws {
        let suggestions = try advise([
            "SELECT * FROM ql_events WHERE account_id = 8",
            "SELECT * FROM ql_events WHERE account_id = 7 AND created_at > '2026-02-01'",
        ])
        #expect(suggestions.count == 1)
        #expect(suggestions.first?.columns.map(\.name) == ["account_id", "created_at"])
        #expect(suggestions.first?.statements.count == 2)
        #expect(suggestions.first?.statements.allSatisfy(\.usesIndex) == true)
    }

    @Test func anAlreadyIndexedQueryGetsNothing() throws {
        #expect(try advise(["SELECT * FROM ql_events WHERE id = 5", "SELECT * FROM ql_events WHERE kind = 'kind1' AND id > 99990"]).isEmpty)
    }

    @Test func aConstantFilterGivesAPartialIndex() throws {
        let suggestions = try advise(["SELECT * FROM ql_events WHERE account_id = 5 AND deleted_at IS NULL"])
        #expect(suggestions.map(\.createStatement) == ["CREATE INDEX CONCURRENTLY ql_events_account_id_partial_idx ON ql_events (account_id) WHERE deleted_at IS NULL;"])
        #expect(suggestions.first?.statements.first?.usesIndex == true)
    }

    @Test func aFewSelectedColumnsAreIncludedForAnIndexOnlyScan() throws {
        let suggestions = try advise(["SELECT kind, created_at FROM ql_events WHERE account_id = 7"])
        #expect(suggestions.map(\.createStatement) == ["CREATE INDEX CONCURRENTLY ql_events_account_id_idx ON ql_events (account_id) INCLUDE (kind, created_at);"])
        #expect(try advise(["SELECT * FROM ql_events WHERE account_id = 7"]).first?.include == [])
    }

    @Test func recordedValuesGiveACustomPlan() throws {
        let url = try #require(PostgreSQLServer.url)
        try PostgreSQLServer.psql(url, Self.setup)
        let plan = try DatabaseTarget.open(url).plan("SELECT * FROM ql_events WHERE account_id = $1 AND kind = $2", values: ["7", "'kind7'"])
        #expect(plan.root?.filter?.contains("7") == true, "\(String(describing: plan.root))")
        // --analyze measures, in a transaction rolled back; plain planning never runs the query.
        let measured = try DatabaseTarget.open(url, analyze: true).plan("SELECT * FROM ql_events WHERE account_id = $1", values: ["7"])
        #expect(measured.root?.actualMilliseconds != nil && plan.root?.actualMilliseconds == nil)
        // A value the column refuses falls back to the generic plan instead of failing.
        #expect(try DatabaseTarget.open(url).plan("SELECT * FROM ql_events WHERE account_id = $1", values: ["'not a number...'"]).root != nil)
    }

    @Test func theSuggestedIndexReallyChangesThePlan() throws {
        let url = try #require(PostgreSQLServer.url)
        let suggestions = try advise(["SELECT * FROM ql_events WHERE account_id = 7 AND created_at > '2026-02-01'"])
        let statement = try #require(suggestions.first?.createStatement)
        // The throwaway test database may be changed; QueryLens itself never does.
        try PostgreSQLServer.psql(url, statement.replacingOccurrences(of: "CONCURRENTLY ", with: ""))
        let plan = try DatabaseTarget.open(url).plan("SELECT * FROM ql_events WHERE account_id = $1 AND created_at > $2")
        #expect(plan.uses(index: "ql_events_account_id_created_at_idx"), "\(plan.summary)")
        #expect(plan.problems(on: "ql_events").isEmpty)
    }

    @Test func theSessionIsReadOnlyAndTimesOut() throws {
        let url = try #require(PostgreSQLServer.url)
        let connection = try PostgreSQLConnection(url, statementTimeoutMilliseconds: 200)
        #expect(try connection.query("SHOW default_transaction_read_only").first?.first == "on")
        #expect(try connection.query("SELECT current_setting('application_name')").first?.first == "querylens")
        #expect {
            try connection.query("CREATE TABLE ql_should_not_exist (id int)")
        } throws: { ($0 as? DatabaseError)?.code == "25006" }
        #expect {
            try connection.query("SELECT pg_sleep(2)")
        } throws: { ($0 as? DatabaseError)?.code == "57014" }
    }

    @Test func theWorkloadCanComeFromPgStatStatements() throws {
        let url = try #require(PostgreSQLServer.url)
        try PostgreSQLServer.psql(url, Self.setup + "\nCREATE EXTENSION IF NOT EXISTS pg_stat_statements;\nSELECT pg_stat_statements_reset();\nSELECT * FROM ql_events WHERE account_id = 3 AND created_at > '2026-03-01';")
        let planner = try #require(try DatabaseTarget.open(url) as? PostgreSQLPlanner)
        let workload = try DatabaseTarget.workload(fromStatistics: planner.connection)
        #expect(workload.contains { $0.query.contains("ql_events WHERE account_id = $1") })
        let suggestions = try IndexAdvisor(database: planner).advise(workload)
        #expect(suggestions.contains { $0.columns.map(\.name) == ["account_id", "created_at"] })
    }
}

@Suite("Database connections")
struct DatabaseConnectionTests {
    @Test func anUnreachableServerIsOneClearLineWithoutThePassword() {
        #expect {
            _ = try PostgreSQLConnection("postgresql://app:s3cret@127.0.0.1:1/shop?connect_timeout=2")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:1/shop: ") && !text.contains("s3cret") && !text.contains("\n")
        }
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = try temporaryFile(Array("not a database at all, just text".utf8), name: "fake.sqlite3")
        #expect(throws: DatabaseError.self) { _ = try SQLiteConnection(path: path) }
        #expect(throws: DatabaseError.self) { _ = try DatabaseTarget.open("/nonexistent/db.sqlite3") }
    }
}
