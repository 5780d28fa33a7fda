import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import QueryLensCollector
import QueryLensCore
import QueryLensRecorder

/// `querylens collect`: an OpenTelemetry trace receiver that finds N+1 in traces as they come.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Receive OpenTelemetry traces over OTLP/HTTP and find N+1 queries and N+1 HTTP calls in them as they arrive.",
        discussion: """
            Listens for OTLP/HTTP exports (POST /v1/traces, protobuf or JSON, gzip or not), as \
            an SDK's exporter or the OpenTelemetry Collector's otlphttp exporter sends them, and \
            with --grpc-listen for OTLP/gRPC (the Collector's otlp and loadbalancing exporters). \
            Each trace is a unit of work, closed when its root span arrived and nothing more \
            came for --trace-idle (or --trace-timeout after its first span); the detectors run \
            on it then, and findings accumulate by their stable ids. GET /report?format=F \
            answers the report so far; SIGHUP writes it to --output; SIGINT or SIGTERM closes \
            the open traces, writes it and stops. GET /health and /ready are for probes. At \
            --max-open-traces it answers 503 with Retry-After, so exporters back off and retry. \
            Scaling out behind the Collector: docs/opentelemetry.md.

            Examples:
              querylens collect --listen 0.0.0.0:4318 --output findings.json --format json
              OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:4318/v1/traces python manage.py runserver
              kill -HUP <pid>   # write the report so far
            """
    )

    @Option(help: "Where to listen (host:port); 4318 is OTLP/HTTP's port.")
    var listen = "127.0.0.1:4318"

    @Option(help: "Also accept OTLP/gRPC here (host:port; 4317 is its port): what the Collector's load-balancing exporter sends.")
    var grpcListen: String?

    @Option(name: .shortAndLong, help: "Where the report goes on SIGHUP and when stopping (default: standard output when stopping).")
    var output: String?

    @Option(name: .shortAndLong, help: "Report format: text, json, sarif, junit, markdown, github, html (one self-contained page with a waterfall per finding).")
    var format: ReportFormat = .text

    @Option(help: "Also write every statement and HTTP call of every closed trace to this file, as QueryLens JSONL (values redacted unless --show-values).")
    var events: String?

    @Option(help: "When stopping, write a baseline of the findings to this file, for `querylens check --baseline`.")
    var writeBaseline: String?

    @Option(help: "Seconds without a new span after which a trace whose root span arrived is closed.")
    var traceIdle: Double = 2

    @Option(help: "Seconds after its first span when a trace is closed even without its root span.")
    var traceTimeout: Double = 60

    @Option(help: "Open traces held at most; beyond, exports are answered 503 with Retry-After.")
    var maxOpenTraces = 20_000

    @Option(help: "Statements and HTTP calls kept per trace; the rest are counted and reported.")
    var maxSpansPerTrace = 10_000

    @Flag(name: .shortAndLong, help: "No live counts on standard error (shown only on a terminal anyway).")
    var quiet = false

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        if RecordingProxy.Endpoint(parsing: listen, defaultPort: 4318) == nil { throw ValidationError("--listen must be host:port.") }
        if let grpcListen, RecordingProxy.Endpoint(parsing: grpcListen, defaultPort: 4317) == nil { throw ValidationError("--grpc-listen must be host:port.") }
        if traceIdle <= 0 || traceTimeout <= 0 { throw ValidationError("--trace-idle and --trace-timeout must be positive.") }
        if maxOpenTraces < 1 || maxSpansPerTrace < 1 { throw ValidationError("--max-open-traces and --max-spans-per-trace must be at least 1.") }
        if analysis.database != nil || analysis.analyze {
            throw ValidationError("collect does not plan indexes: write --events FILE and run `querylens indexes --database URL FILE`.")
        }
    }

    func run() throws {
        guard let endpoint = RecordingProxy.Endpoint(parsing: listen, defaultPort: 4318) else { throw ExitCode(64) }
        let config = try runOrExit { try analysis.loadConfig() }
        let eventLog = try events.map { path in
            try runOrExit {
                do { return try EventLog(path: path, showValues: analysis.showValues) } catch let error as InputError { throw CommandFailure("cannot write \(error.description)") }
            }
        }
        let options = TraceReceiver.Options(
            traces: OpenTraces.Options(
                idleNanoseconds: Int64(traceIdle * 1e9), timeoutNanoseconds: Int64(traceTimeout * 1e9), maximumTraces: maxOpenTraces,
                maximumEventsPerTrace: maxSpansPerTrace),
            analysis: analysis.analyzerOptions(config: config))
        let receiver = TraceReceiver(options: options, events: eventLog)

        let signals = WaitedSignals()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        let server = OTLPServer(receiver: receiver, group: group)
        let port = try runOrExit {
            do { return try server.start(host: endpoint.host, port: endpoint.port) } catch { throw CommandFailure("cannot listen on \(listen): \(error)") }
        }
        note("listening on \(endpoint.host):\(port) for OTLP/HTTP traces (POST /v1/traces); SIGHUP writes the report, Ctrl-C stops")
        if let grpcListen, let grpc = RecordingProxy.Endpoint(parsing: grpcListen, defaultPort: 4317) {
            let grpcPort = try runOrExit {
                do { return try server.startGRPC(host: grpc.host, port: grpc.port) } catch { throw CommandFailure("cannot listen on \(grpcListen): \(error)") }
            }
            note("listening on \(grpc.host):\(grpcPort) for OTLP/gRPC traces (TraceService/Export)")
        }

        let meter = ProgressMeter(quiet: quiet)
        meter?.live {
            let status = receiver.currentStatus
            return "receiving: \(status.requests) requests, \(status.traces.spans) spans, \(status.openTraces) open traces, \(status.analyzedTraces) analyzed"
        }
        while true {
            if signals.next() == SIGHUP {
                receiver.closeDone(now: Int64(clamping: NIODeadline.now().uptimeNanoseconds))
                if let output { try write(receiver.report(source: server.source), to: output) }
                continue
            }
            break
        }
        meter?.finish()
        server.stop()
        eventLog?.close()
        try? group.syncShutdownGracefully()
        let report = receiver.report(source: server.source)
        let status = receiver.currentStatus
        note("\(status.requests) requests, \(status.traces.spans) spans, \(status.analyzedTraces) traces analyzed, \(report.findings.count) findings")
        if let writeBaseline {
            do { try Baseline(findings: report.findings).write(to: writeBaseline) } catch { throw CommandFailure("cannot write \(writeBaseline): \(error)") }
        }
        try write(report, to: output)
    }

    private func write(_ report: Report, to output: String?) throws {
        try emit(format.render(report, colour: useColour(format: format, output: output)), to: output)
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("querylens collect: \(text)\n".utf8))
    }
}
