import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import QueryLensCore
import QueryLensRecorder

/// `querylens record`: point the application at the proxy, get QueryLens JSONL.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record an application's queries through a PostgreSQL wire-protocol proxy, as QueryLens JSONL.",
        discussion: """
            Listens like a PostgreSQL server and forwards every byte to the upstream server \
            unchanged, recording each executed statement (simple or extended protocol, with \
            parameters, duration, rows, error, user, database, application_name) to --output. \
            SSL requests are answered "no" so the client continues in clear text to the proxy; \
            use sslmode=disable or prefer. Ctrl-C or SIGTERM stops it and flushes the log.

            Examples:
              querylens record --upstream localhost:5432 --output queries.jsonl
              DATABASE_URL=postgres://app@127.0.0.1:6543/app bin/rails test
              querylens analyze queries.jsonl
            """
    )

    @Option(help: "Where the proxy listens (host:port).")
    var listen = "127.0.0.1:6543"

    @Option(help: "The real server: host:port or a postgres:// URI (only host and port are used).")
    var upstream: String

    @Option(name: .shortAndLong, help: "The JSONL file to write, or - for standard output.")
    var output: String

    @Flag(help: "When the proxy stops, print the `analyze` report of what was recorded.")
    var analyzeOnExit = false

    func validate() throws {
        if RecordingProxy.Endpoint(parsing: listen, defaultPort: 6543) == nil { throw ValidationError("--listen must be host:port.") }
        if RecordingProxy.Endpoint(parsing: upstream) == nil { throw ValidationError("--upstream must be host:port or a postgres:// URI.") }
        if analyzeOnExit && output == "-" { throw ValidationError("--analyze-on-exit needs --output FILE.") }
    }

    func run() throws {
        guard let listenAt = RecordingProxy.Endpoint(parsing: listen, defaultPort: 6543), let server = RecordingProxy.Endpoint(parsing: upstream) else {
            throw ExitCode(64)
        }
        let log = try runOrExit {
            do { return try EventLog(path: output) } catch let error as InputError { throw CommandFailure("cannot write \(error.description)") }
        }
        // SIGINT and SIGTERM are waited for with sigwait: blocked in every thread (the event
        // loop threads inherit the mask, so they are started after) and restored to their
        // default action first, since a shell starts background jobs with SIGINT ignored and
        // an ignored signal is discarded before anyone can wait for it.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_DFL)
            sigaddset(&stopSignals, signalNumber)
        }
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        let proxy = RecordingProxy(listen: listenAt, upstream: server, log: log, group: group)
        let port = try runOrExit {
            do { return try proxy.start() } catch { throw CommandFailure("cannot listen on \(listen): \(error)") }
        }
        FileHandle.standardError.write(Data("querylens record: listening on \(listenAt.host):\(port), forwarding to \(server.host):\(server.port), writing \(output); Ctrl-C to stop\n".utf8))

        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        proxy.stop()
        log.close()
        FileHandle.standardError.write(Data("querylens record: \(log.count) statements recorded in \(output)\n".utf8))
        try? group.syncShutdownGracefully()
        if analyzeOnExit {
            let report = try runOrExit { try wrapInputErrors { try AnalysisPipeline().run(paths: [output]) } }
            FileHandle.standardOutput.write(Data(TextReport.render(report, colour: false).utf8))
        }
    }
}
