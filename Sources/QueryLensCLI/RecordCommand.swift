import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import QueryLensCore
import QueryLensRecorder

/// `querylens record`: record an application's queries, around its own command or as a proxy
/// left running.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record an application's queries as QueryLens JSONL: around a command (PostgreSQL or SQLite), or as a proxy left running.",
        discussion: """
            Around a command (`-- CMD ARGS...`): starts a PostgreSQL proxy on a free loopback \
            port (the upstream from --upstream, or from the command's DATABASE_URL), runs the \
            command with DATABASE_URL, PGHOST, PGPORT and PGSSLMODE pointing at it, streams its \
            output, stops when it exits, and exits with its status. With --sqlite it loads the \
            SQLite tracer into the command instead (LD_PRELOAD; dynamically linked libsqlite3 \
            only: CPython's sqlite3, Ruby's sqlite3 gem, PHP's PDO). --check then runs the CI \
            gate on what was recorded and exits 1 on a new finding; the command's own failure \
            wins. SIGTERM and SIGHUP are passed to the command; Ctrl-C reaches it from the \
            terminal.

            As a proxy (no command): listens like a PostgreSQL server and forwards every byte \
            to --upstream unchanged, recording each executed statement (simple or extended \
            protocol, parameters, duration, rows, error, user, database, application_name). \
            SSL requests are answered "no", so clients continue in clear text to the proxy. \
            Ctrl-C or SIGTERM stops it and flushes the log. Details: docs/recorder.md.

            Examples:
              querylens record --check --baseline querylens-baseline.json -- bin/rails test
              querylens record --sqlite --output queries.jsonl -- python manage.py test
              querylens record --upstream localhost:5432 --output queries.jsonl
            """
    )

    @Option(help: "Where the proxy listens (host:port; default 127.0.0.1:6543, or a free port around a command).")
    var listen: String?

    @Option(help: "The real PostgreSQL server: host:port or a postgres:// URI (host, port, and sslmode/sslrootcert for TLS to it). Around a command, the default is its DATABASE_URL.")
    var upstream: String?

    @Option(help: "A PEM certificate (chain) for TLS to clients, so that clients with sslmode=require or verify-full connect through the recorder as they are; with --tls-key.")
    var tlsCert: String?

    @Option(help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

        @Flag(help: "Record SQLite instead: load the tracer library into the command (needs a command).")
    var sqlite = false

    @Option(name: .shortAndLong, help: "The JSONL file to write, or - for standard output (default around a command: querylens-record.jsonl).")
    var output: String?

    @Option(help: "Event-loop threads of the proxy. One (as PgBouncer) leaves the cores to the server and the application; raise it on a large machine with many connections.")
    var threads = 1

    @Flag(name: .shortAndLong, help: "As a proxy, no live count on standard error (shown only on a terminal anyway; never around a command, whose output it would mix with).")
    var quiet = false

    @Flag(help: "When recording stops, print the `analyze` report of what was recorded.")
    var analyzeOnExit = false

    @Flag(help: "After the command, run `querylens check` on what was recorded: exit 1 on a new finding.")
    var check = false

    @Option(help: "With --check: the baseline of accepted findings.")
    var baseline: String?

    @Argument(parsing: .postTerminator, help: "The command to run under the recorder, after --.")
    var command: [String] = []

    func validate() throws {
        if let listen, RecordingProxy.Endpoint(parsing: listen, defaultPort: 6543) == nil { throw ValidationError("--listen must be host:port.") }
        if let upstream, RecordingProxy.Endpoint(parsing: upstream) == nil { throw ValidationError("--upstream must be host:port or a postgres:// URI.") }
        if command.isEmpty {
            if sqlite { throw ValidationError("--sqlite records a command: add -- CMD ARGS...") }
            if check { throw ValidationError("--check runs after a command: add -- CMD ARGS...") }
            if upstream == nil { throw ValidationError("Give --upstream HOST:PORT, or a command to record after --.") }
            if output == nil { throw ValidationError("Give --output FILE (or - for standard output).") }
        }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together.") }
        if sqlite && tlsCert != nil { throw ValidationError("--tls-cert is for the PostgreSQL proxy, not --sqlite.") }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256.") }
        if sqlite && upstream != nil { throw ValidationError("Record SQLite or PostgreSQL, not both at once.") }
        if baseline != nil && !check { throw ValidationError("--baseline goes with --check.") }
        if (analyzeOnExit || check) && output == "-" { throw ValidationError("--analyze-on-exit and --check need --output FILE.") }
    }

    func run() throws {
        let path = output ?? "querylens-record.jsonl"
        let signals = WaitedSignals()

        let status: Int32
        var recorded = 0
        if sqlite {
            (status, recorded) = try recordSQLite(to: path, signals: signals)
        } else {
            (status, recorded) = try recordPostgreSQL(to: path, signals: signals)
        }
        note("\(recorded) statements recorded in \(path)")
        if analyzeOnExit {
            let report = try runOrExit { try wrapInputErrors { try AnalysisPipeline().run(paths: [path]) } }
            FileHandle.standardOutput.write(Data(TextReport.render(report, colour: false).utf8))
        }
        var checkFailed = false
        if check {
            let gate = try CheckCommand.parse((baseline.map { ["--baseline", $0] } ?? []) + [path])
            do { try gate.run() } catch let exit as ExitCode where exit == ExitCode(1) { checkFailed = true }
        }
        // The command's own failure wins: it is what the user ran.
        if status != 0 { throw ExitCode(status) }
        if checkFailed { throw ExitCode(1) }
    }

    /// The proxy, around the command or until a signal; the command's status (0 without one).
    private func recordPostgreSQL(to path: String, signals: WaitedSignals) throws -> (Int32, Int) {
        var environment = RecordingEnvironment(ProcessInfo.processInfo.environment)
        guard let server = upstream.flatMap({ RecordingProxy.Endpoint(parsing: $0) }) ?? RecordingEnvironment.upstream(from: environment.variables) else {
            throw ValidationError("Give --upstream HOST:PORT, or run a command whose DATABASE_URL is a postgres:// URL (or use --sqlite).")
        }
        let defaultListen = command.isEmpty ? "127.0.0.1:6543" : "127.0.0.1:0"
        guard let listenAt = RecordingProxy.Endpoint(parsing: listen ?? defaultListen, defaultPort: 6543) ?? Self.anyPort(listen ?? defaultListen) else {
            throw ExitCode(64)
        }
        let log = try runOrExit {
            do { return try EventLog(path: path) } catch let error as InputError { throw CommandFailure("cannot write \(error.description)") }
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let upstreamURL = upstream ?? environment.variables["DATABASE_URL"] ?? ""
        guard let tls = UpstreamTLS(url: upstreamURL, host: server.host) else {
            throw ValidationError("Unknown sslmode in the upstream URL; use disable, allow, prefer, require, verify-ca or verify-full.")
        }
        let clientTLS = try runOrExit { () throws -> ClientTLS? in
            guard let tlsCert, let tlsKey else { return nil }
            do { return try ClientTLS(certificate: tlsCert, key: tlsKey) } catch let error as ClientTLS.Failure { throw CommandFailure(error.description) }
        }
        let proxy = RecordingProxy(listen: listenAt, upstream: server, upstreamTLS: tls, clientTLS: clientTLS, log: log, group: group)
        let port = try runOrExit {
            do { return try proxy.start() } catch { throw CommandFailure("cannot listen on \(listenAt.host):\(listenAt.port): \(error)") }
        }
        var status: Int32 = 0
        if command.isEmpty {
            note("listening on \(listenAt.host):\(port), forwarding to \(server.host):\(server.port), writing \(path); Ctrl-C to stop")
            let meter = ProgressMeter(quiet: quiet)
            meter?.live { "recording: \(log.count) statements" }
            _ = signals.next()
            meter?.finish()
        } else {
            environment.routePostgreSQL(through: port, upstream: server)
            note("recording \(server.host):\(server.port) through 127.0.0.1:\(port) into \(path); \(environment.changes.joined(separator: "; "))")
            status = try runCommand(environment: environment.variables, signals: signals)
        }
        proxy.stop()
        log.close()
        try? group.syncShutdownGracefully()
        return (status, log.count)
    }

    /// The command with the SQLite tracer loaded; its status and the statements written.
    private func recordSQLite(to path: String, signals: WaitedSignals) throws -> (Int32, Int) {
        guard let library = Self.tracerLibrary() else {
            throw CommandFailure("the SQLite tracer (libquerylens-sqlite-trace.so) is not beside the querylens binary; build it with `swift build --product querylens-sqlite-trace` or set QUERYLENS_SQLITE_TRACE_LIBRARY")
        }
        let absolute = URL(fileURLWithPath: path).path
        guard FileManager.default.createFile(atPath: absolute, contents: nil) else { throw CommandFailure("cannot write \(absolute)") }
        var environment = RecordingEnvironment(ProcessInfo.processInfo.environment)
        environment.traceSQLite(library: library, output: absolute)
        note("recording SQLite statements into \(path); \(environment.changes.joined(separator: "; "))")
        let status = try runCommand(environment: environment.variables, signals: signals)
        let recorded = ((try? String(contentsOfFile: absolute, encoding: .utf8)) ?? "").split(separator: "\n").count
        if recorded == 0 {
            note("""
                warning: no SQLite statement was recorded. The command may not use SQLite, or its SQLite is linked \
                statically (Go's mattn/go-sqlite3, Node's better-sqlite3, Java's sqlite-jdbc, a CPython built with \
                its own SQLite), which a preloaded library cannot see: use the application's own query log instead.
                """)
        }
        return (status, recorded)
    }

    /// Runs the command to its end, passing on SIGTERM and SIGHUP (Ctrl-C's SIGINT reaches it
    /// from the terminal already: it is in the same process group).
    private func runCommand(environment: [String: String], signals: WaitedSignals) throws -> Int32 {
        let pid = try runOrExit {
            do { return try WrappedCommand.start(command, environment: environment) } catch let failure as WrappedCommand.Failure {
                throw CommandFailure(failure.description)
            }
        }
        let forwarder = Thread {
            while true {
                let received = signals.next()
                if received != SIGINT { kill(pid, received) }
            }
        }
        forwarder.start()
        return WrappedCommand.wait(pid)
    }

    /// `127.0.0.1:0`: any free port.
    private static func anyPort(_ text: String) -> RecordingProxy.Endpoint? {
        text.hasSuffix(":0") ? RecordingProxy.Endpoint(host: String(text.dropLast(2)), port: 0) : nil
    }

    /// The tracer: QUERYLENS_SQLITE_TRACE_LIBRARY, else beside the binary, else in ../lib.
    static func tracerLibrary() -> String? {
        if let path = ProcessInfo.processInfo.environment["QUERYLENS_SQLITE_TRACE_LIBRARY"], FileManager.default.fileExists(atPath: path) {
            return path
        }
        let binary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        let directory = binary.deletingLastPathComponent()
        for candidate in [directory.appendingPathComponent("libquerylens-sqlite-trace.so"),
                          directory.deletingLastPathComponent().appendingPathComponent("lib/libquerylens-sqlite-trace.so")]
        where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate.path
        }
        return nil
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("querylens record: \(text)\n".utf8))
    }
}
