import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import QueryLensCore
import QueryLensRecorder
import Testing

/// Real clients (psql, pgbench) through the proxy to the PostgreSQL of Scripts/test: the JSONL
/// has exactly the statements executed, with parameters, and `analyze` finds an N+1 driven
/// through it.
@Suite("Recording proxy", .serialized, .enabled(if: ProcessInfo.processInfo.environment["QUERYLENS_TEST_DATABASE_URL"] != nil,
    "QUERYLENS_TEST_DATABASE_URL is not set: run Scripts/test to start a PostgreSQL server for these tests"))
struct ProxyIntegrationTests {
    static let url = ProcessInfo.processInfo.environment["QUERYLENS_TEST_DATABASE_URL"] ?? ""

    /// Runs `body` with a proxy in front of the test server; returns the recorded events.
    private func recording(_ body: (Int) throws -> Void) throws -> [QueryEvent] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-record-\(UUID().uuidString).jsonl").path
        let log = try EventLog(path: path)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let upstream = try #require(RecordingProxy.Endpoint(parsing: Self.url))
        let proxy = RecordingProxy(listen: .init(host: "127.0.0.1", port: 0), upstream: upstream, log: log, group: group)
        let port = try proxy.start()
        try body(port)
        // Let the last responses reach the recorder before stopping.
        Thread.sleep(forTimeInterval: 0.3)
        proxy.stop()
        log.close()
        try group.syncShutdownGracefully()
        var events: [QueryEvent] = []
        _ = try LogIngest().read(path: path) { events.append($0) }
        return events
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    private func proxied(_ port: Int) -> String {
        "postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=prefer&application_name=ql-test"
    }

    private func setUp() throws {
        let setup = """
            DROP TABLE IF EXISTS rec_books, rec_authors;
            CREATE TABLE rec_authors (id int PRIMARY KEY, name text);
            CREATE TABLE rec_books (id int PRIMARY KEY, title text, author_id int REFERENCES rec_authors);
            INSERT INTO rec_authors SELECT i, 'author ' || i FROM generate_series(1, 10) i;
            INSERT INTO rec_books SELECT i, 'book ' || i, 1 + i % 10 FROM generate_series(1, 50) i;
            CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
            SELECT pg_stat_statements_reset();
            """
        #expect(try run(["psql", Self.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", setup]).status == 0)
    }

    @Test func psqlSimpleProtocolIsRecordedExactly() throws {
        try setUp()
        let events = try recording { port in
            let result = try run(["psql", proxied(port), "-X", "-q", "-c", "SELECT count(*) FROM rec_books", "-c", "SELECT name FROM rec_authors WHERE id = 3",
                                  "-c", "SELECT nope FROM rec_books"])
            #expect(result.output.contains("column \"nope\" does not exist"))
        }
        #expect(events.map(\.sql) == ["SELECT count(*) FROM rec_books", "SELECT name FROM rec_authors WHERE id = 3", "SELECT nope FROM rec_books"])
        #expect(events.map(\.rows) == [1, 1, nil])
        #expect(events.last?.error?.hasPrefix("42703: ") == true)
        #expect(events.allSatisfy { $0.user == "postgres" && $0.database == "postgres" && $0.application == "ql-test" })
    }

    @Test(arguments: ["extended", "prepared"])
    func pgbenchExtendedAndPreparedRecordEveryExecutionWithParameters(mode: String) throws {
        try setUp()
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-\(UUID().uuidString).pgbench").path
        try """
            \\set a random(1, 10)
            \\set b random(1, 10)
            SELECT id, title, author_id FROM rec_books ORDER BY id LIMIT 5;
            SELECT id, name FROM rec_authors WHERE id = :a;
            SELECT id, name FROM rec_authors WHERE id = :b;
            SELECT id, name FROM rec_authors WHERE id = :a;
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let events = try recording { port in
            let endpoint = try #require(RecordingProxy.Endpoint(parsing: proxied(port)))
            let result = try run(["pgbench", "-n", "-h", endpoint.host, "-p", String(endpoint.port), "-U", "postgres", "-M", mode, "-t", "5", "-f", script, "postgres"],
                                 environment: ["PGSSLMODE": "prefer"])
            #expect(result.status == 0, "\(result.output)")
        }
        let loop = events.filter { $0.sql.contains("rec_authors WHERE id = $1") }
        #expect(events.count == 20)
        // The server counted the same executions.
        let counted = try run(["psql", Self.url, "-X", "-A", "-t", "-c",
                               "SELECT sum(calls) FROM pg_stat_statements WHERE query LIKE 'SELECT id%rec\\_%' AND query NOT LIKE '%pg_stat%'"])
        #expect(counted.output.trimmingCharacters(in: .whitespacesAndNewlines) == "20")
        #expect(loop.count == 15)
        #expect(loop.allSatisfy { $0.parameters.count == 1 && Int($0.parameters[0] ?? "") != nil })
        #expect(events.allSatisfy { $0.error == nil && $0.durationMilliseconds != nil })
        // The recorded N+1 is found.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-\(UUID().uuidString).jsonl").path
        try (events.map { JSONLWriter.line($0, showValues: true) }.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try AnalysisPipeline().run(paths: [path])
        #expect(report.findings.contains { $0.kind == .nPlusOne && $0.table == "rec_authors" && $0.columns == ["id"] })
    }

    @Test func anUpstreamThatIsDownIsAClearErrorToTheClient() throws {
        let log = try EventLog(path: FileManager.default.temporaryDirectory.appendingPathComponent("querylens-\(UUID().uuidString).jsonl").path)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let proxy = RecordingProxy(listen: .init(host: "127.0.0.1", port: 0), upstream: .init(host: "127.0.0.1", port: 1), log: log, group: group)
        proxy.report = { _ in }
        let port = try proxy.start()
        let result = try run(["psql", "postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable", "-X", "-c", "SELECT 1"])
        proxy.stop()
        log.close()
        try group.syncShutdownGracefully()
        #expect(result.status != 0)
        #expect(result.output.contains("querylens record: cannot connect to the upstream server 127.0.0.1:1"))
    }
}

/// The upstream restarts in the middle of a pgbench run: clients get a clean error, new
/// connections work again through the same recorder, and every statement the server completed
/// is in the recording, no more, no less.
@Suite("Recording through an upstream restart", .serialized, .enabled(if: ThrowawayCluster.available, "no pg_ctl/initdb on PATH: run Scripts/test"))
struct UpstreamRestartTests {
    @Test func everyCompletedStatementIsRecordedAcrossARestart() throws {
        let cluster = try ThrowawayCluster()
        #expect(try ThrowawayCluster.shell("pgbench -i -s 1 -q '\(cluster.url)' 2>&1", asPostgres: false).contains("done"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-restart-\(UUID().uuidString).jsonl").path
        let log = try EventLog(path: path)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let proxy = RecordingProxy(listen: .init(host: "127.0.0.1", port: 0), upstream: .init(host: "127.0.0.1", port: cluster.port), log: log, group: group)
        let port = try proxy.start()
        // Statements logged before the run (pgbench -i) are not the recorder's.
        let before = try String(contentsOfFile: cluster.log, encoding: .utf8).components(separatedBy: " duration: ").count - 1

        let pgbench = Process()
        pgbench.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        pgbench.arguments = ["pgbench", "-n", "-S", "-c", "4", "-T", "4", "postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable"]
        let output = Pipe()
        pgbench.standardOutput = output
        pgbench.standardError = output
        try pgbench.run()
        Thread.sleep(forTimeInterval: 1.5)
        try cluster.restart()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        pgbench.waitUntilExit()
        // The clients were told why, in PostgreSQL's words or the recorder's.
        #expect(printed.contains("terminating connection due to administrator command") || printed.contains("upstream server closed the connection"), "\(printed)")

        // The same recorder serves new connections once the server is back.
        let again = try ThrowawayCluster.shell("psql 'postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable' -X -A -t -c 'SELECT 41 + 1' 2>&1", asPostgres: false)
        #expect(again.trimmingCharacters(in: .whitespacesAndNewlines) == "42")
        Thread.sleep(forTimeInterval: 0.3)
        proxy.stop()
        log.close()
        try group.syncShutdownGracefully()

        let completed = try String(contentsOfFile: cluster.log, encoding: .utf8).components(separatedBy: " duration: ").count - 1 - before
        var events: [QueryEvent] = []
        _ = try LogIngest().read(path: path) { events.append($0) }
        let recorded = events.filter { $0.error == nil }
        #expect(completed > 100)
        #expect(recorded.count == completed)
        #expect(recorded.last?.sql == "SELECT 41 + 1")
        #expect(recorded.filter { $0.sql.contains("pgbench_accounts") }.count > 100)
    }
}

/// TLS from the recorder to a server that has it (the test server of Scripts/test, with a
/// self-signed certificate): the client speaks clear text to the recorder, the recorder TLS to
/// the server, as `sslmode` in the upstream URL asks; a wrong root fails clearly.
@Suite("Recording to a TLS upstream", .serialized, .enabled(if: TestServerTLS.root != nil && ProxyIntegrationTests.url != "",
    "QUERYLENS_TEST_SSL_ROOT_CERT is not set: run Scripts/test, which starts the server with TLS"))
struct UpstreamTLSTests {
    static let root = TestServerTLS.root

    /// Whether a psql session through a recorder with this upstream URL ran over TLS, and what it printed.
    private func session(upstream query: String) throws -> (output: String, events: [QueryEvent]) {
        let upstream = try #require(RecordingProxy.Endpoint(parsing: ProxyIntegrationTests.url))
        let tls = try #require(UpstreamTLS(url: "postgresql://postgres@127.0.0.1/?\(query)", host: upstream.host))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-tls-\(UUID().uuidString).jsonl").path
        let log = try EventLog(path: path)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let proxy = RecordingProxy(listen: .init(host: "127.0.0.1", port: 0), upstream: upstream, upstreamTLS: tls, log: log, group: group)
        let reports = NIOLockedValueBox<[String]>([])
        proxy.report = { message in reports.withLockedValue { $0.append(message) } }
        let port = try proxy.start()
        let output = try ThrowawayCluster.shell(
            "psql 'postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable' -X -A -t -c 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' 2>&1 || true",
            asPostgres: false)
        Thread.sleep(forTimeInterval: 0.2)
        proxy.stop()
        log.close()
        try group.syncShutdownGracefully()
        var events: [QueryEvent] = []
        _ = try LogIngest().read(path: path) { events.append($0) }
        return (output + reports.withLockedValue { $0.joined(separator: "\n") }, events)
    }

    @Test(arguments: ["sslmode=require", "sslmode=verify-ca&sslrootcert=ROOT", "sslmode=verify-full&sslrootcert=ROOT", ""])
    func theUpstreamConnectionIsTLSAsTheURLAsks(query: String) throws {
        let (output, events) = try session(upstream: query.replacingOccurrences(of: "ROOT", with: try #require(Self.root)))
        // libpq's default, prefer, takes TLS when the server offers it, as the others do.
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "t", "\(output)")
        #expect(events.map(\.sql) == ["SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"])
    }

    @Test func theWrongRootFailsClearlyAndDisableStaysClear() throws {
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-other-\(UUID().uuidString).crt").path
        try ThrowawayCluster.shell(
            "openssl req -new -x509 -days 1 -nodes -subj /CN=other -keyout \(other).key -out \(other) >/dev/null 2>&1", asPostgres: false)
        let (refused, events) = try session(upstream: "sslmode=verify-full&sslrootcert=\(other)")
        #expect(refused.contains("cannot connect to the upstream server") && refused.contains("TLS with the server failed"), "\(refused)")
        #expect(events.isEmpty)
        let (missing, _) = try session(upstream: "sslmode=verify-full&sslrootcert=/nonexistent/root.crt")
        #expect(missing.contains("cannot read /nonexistent/root.crt"), "\(missing)")
        let (clear, _) = try session(upstream: "sslmode=disable")
        #expect(clear.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("f"), "\(clear)")
    }
}

/// TLS from clients to the recorder with a certificate given to it: a client that requires TLS
/// (`sslmode=verify-full`) connects through it unchanged, and its statements are recorded.
@Suite("Recorder TLS to clients", .serialized, .enabled(if: ProcessInfo.processInfo.environment["QUERYLENS_TEST_DATABASE_URL"] != nil,
    "QUERYLENS_TEST_DATABASE_URL is not set: run Scripts/test to start a PostgreSQL server for these tests"))
struct ClientTLSTests {
    @Test func aClientThatRequiresTLSConnectsThroughTheRecorder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-client-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ThrowawayCluster.shell(
            "openssl req -new -x509 -days 1 -nodes -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout \(directory)/key.pem -out \(directory)/cert.pem >/dev/null 2>&1",
            asPostgres: false)
        let tls = try ClientTLS(certificate: directory + "/cert.pem", key: directory + "/key.pem")
        let upstream = try #require(RecordingProxy.Endpoint(parsing: ProxyIntegrationTests.url))
        let path = directory + "/recorded.jsonl"
        let log = try EventLog(path: path)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let proxy = RecordingProxy(listen: .init(host: "127.0.0.1", port: 0), upstream: upstream, clientTLS: tls, log: log, group: group)
        let port = try proxy.start()
        let verified = try ThrowawayCluster.shell(
            "psql 'postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=verify-full&sslrootcert=\(directory)/cert.pem' -X -A -t -c '\\conninfo' -c 'SELECT 41 + 1' 2>&1",
            asPostgres: false)
        let clear = try ThrowawayCluster.shell(
            "psql 'postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable' -X -A -t -c 'SELECT 40 + 3' 2>&1", asPostgres: false)
        Thread.sleep(forTimeInterval: 0.2)
        proxy.stop()
        log.close()
        try group.syncShutdownGracefully()
        #expect(verified.contains("SSL connection") && verified.contains("42"), "\(verified)")
        #expect(clear.contains("43"), "\(clear)")
        var events: [QueryEvent] = []
        _ = try LogIngest().read(path: path) { events.append($0) }
        #expect(events.map(\.sql).contains("SELECT 41 + 1") && events.map(\.sql).contains("SELECT 40 + 3"), "\(events.map(\.sql))")
        #expect(throws: ClientTLS.Failure.self) { try ClientTLS(certificate: "/nonexistent/cert.pem", key: directory + "/key.pem") }
    }
}

/// The root certificate of the test server's TLS (Scripts/test makes it).
enum TestServerTLS {
    static let root = ProcessInfo.processInfo.environment["QUERYLENS_TEST_SSL_ROOT_CERT"]
}
