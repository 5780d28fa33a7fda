import QueryLensRecorder
import Testing

/// What `record -- CMD` changes in the command's environment, and what it leaves alone.
@Suite("Recording environment")
struct RecordingEnvironmentTests {
    @Test func databaseURLPointsAtTheProxyWithEverythingElseKept() throws {
        let original = ["DATABASE_URL": "postgresql://app:s3cret@db.internal:5433/shop?sslmode=require&application_name=web", "HOME": "/root"]
        let upstream = try #require(RecordingEnvironment.upstream(from: original))
        #expect(upstream == RecordingProxy.Endpoint(host: "db.internal", port: 5433))
        var environment = RecordingEnvironment(original)
        environment.routePostgreSQL(through: 41_234, upstream: upstream)
        #expect(environment.variables["DATABASE_URL"] == "postgresql://app:s3cret@127.0.0.1:41234/shop?application_name=web&sslmode=disable")
        #expect(environment.variables["PGHOST"] == "127.0.0.1" && environment.variables["PGPORT"] == "41234" && environment.variables["PGSSLMODE"] == "disable")
        #expect(environment.variables["HOME"] == "/root")
        // The password is never shown in what is said about the change.
        #expect(!environment.changes.joined().contains("s3cret"))
    }

    @Test func aDatabaseURLForAnotherServerIsLeftAlone() {
        var environment = RecordingEnvironment(["DATABASE_URL": "postgres://other:5432/x", "REDIS_URL": "redis://r"])
        environment.routePostgreSQL(through: 7000, upstream: RecordingProxy.Endpoint(host: "db", port: 5432))
        #expect(environment.variables["DATABASE_URL"] == "postgres://other:5432/x")
        #expect(RecordingEnvironment.upstream(from: ["DATABASE_URL": "mysql://db/x"]) == nil)
        #expect(RecordingEnvironment.upstream(from: [:]) == nil)
    }

    @Test func theSQLiteTracerIsPreloadedFirst() {
        var environment = RecordingEnvironment(["LD_PRELOAD": "/usr/lib/libjemalloc.so"])
        environment.traceSQLite(library: "/opt/querylens/libquerylens-sqlite-trace.so", output: "/tmp/q.jsonl")
        #expect(environment.variables["LD_PRELOAD"] == "/opt/querylens/libquerylens-sqlite-trace.so /usr/lib/libjemalloc.so")
        #expect(environment.variables["QUERYLENS_SQLITE_TRACE_OUTPUT"] == "/tmp/q.jsonl")
    }
}
