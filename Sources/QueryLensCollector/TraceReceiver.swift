import Foundation
import NIOConcurrencyHelpers
import QueryLensCore
import QueryLensRecorder

/// What `querylens collect` keeps between requests: the open traces and the analysis of the
/// closed ones, behind one lock (requests arrive on every event-loop thread). Decoding happens
/// outside the lock; holding it costs a dictionary update per span.
public final class TraceReceiver: @unchecked Sendable {
    public struct Options: Sendable {
        public var traces: OpenTraces.Options
        public var analysis: Analyzer.Options
        /// The largest request body, compressed or not (bigger: 413).
        public var maximumBodyBytes: Int
        /// What a "retry later" answer asks the exporter to wait.
        public var retryAfterSeconds: Int

        public init(
            traces: OpenTraces.Options = .init(), analysis: Analyzer.Options = .init(), maximumBodyBytes: Int = 16 << 20,
            retryAfterSeconds: Int = 2
        ) {
            self.traces = traces
            self.analysis = analysis
            self.maximumBodyBytes = maximumBodyBytes
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    /// How a request went.
    public enum Outcome: Equatable, Sendable {
        /// Taken; `rejectedSpans` of them had no trace id.
        case accepted(rejectedSpans: Int)
        /// Too many open traces: retry later (503 with Retry-After).
        case busy
        /// Not an OTLP request (400), with why.
        case malformed(String)
    }

    /// The counters `/health` and the report show.
    public struct Status: Sendable, Equatable {
        public var requests = 0
        public var busyAnswers = 0
        public var malformedRequests = 0
        public var openTraces = 0
        public var heldEvents = 0
        public var traces = OpenTraces.Counters()
        public var analyzedTraces = 0
    }

    public let options: Options
    private let lock = NIOLock()
    private var open: OpenTraces
    private var analysis: TraceAnalysis
    private var status = Status()
    /// Every event of every closed trace, as QueryLens JSONL (`--events`).
    private let events: EventLog?

    public init(options: Options = Options(), events: EventLog? = nil) {
        self.options = options
        self.events = events
        open = OpenTraces(options: options.traces)
        analysis = TraceAnalysis(options: options.analysis)
    }

    /// One export request's body (`gzip`: compressed). `now`: monotonic nanoseconds.
    public func receive(_ body: [UInt8], protobuf: Bool, gzip: Bool = false, now: Int64) -> Outcome {
        guard gzip else { return receive(body, protobuf: protobuf, now: now) }
        do {
            // Bounded: a small body must not inflate into all of memory.
            let inflated = try GzipSource.inflated(body, limit: options.maximumBodyBytes * 8, name: "request body")
            return receive(inflated, protobuf: protobuf, now: now)
        } catch {
            return malformed("\(error)")
        }
    }

    private func receive(_ body: [UInt8], protobuf: Bool, now: Int64) -> Outcome {
        if lock.withLock({ open.isFull }) {
            lock.withLock { status.requests += 1; status.busyAnswers += 1 }
            return .busy
        }
        let spans: [TraceSpan]
        if protobuf {
            guard let decoded = try? OTLPProtobufSpans.spans(in: body) else { return malformed("not an OTLP ExportTraceServiceRequest (protobuf)") }
            spans = decoded
        } else {
            guard let decoded = body.withUnsafeBytes({ OTLPJSONReader.spans(in: $0) }) else { return malformed("not an OTLP ExportTraceServiceRequest (JSON)") }
            spans = decoded
        }
        return lock.withLock {
            status.requests += 1
            return .accepted(rejectedSpans: open.add(spans, now: now))
        }
    }

    private func malformed(_ reason: String) -> Outcome {
        lock.withLock {
            status.requests += 1
            status.malformedRequests += 1
        }
        return .malformed(reason)
    }

    /// Closes the traces that are done and runs the detectors on them.
    public func closeDone(now: Int64) {
        lock.withLock { analyze(open.close(now: now)) }
    }

    /// Closes every open trace (stopping).
    public func closeAll() {
        lock.withLock { analyze(open.closeAll()) }
        events?.flush()
    }

    private func analyze(_ traces: [OpenTraces.Trace]) {
        for trace in traces {
            analysis.add(trace)
            if let events { for event in trace.events { events.record(event) } }
        }
    }

    public var currentStatus: Status {
        lock.withLock {
            var current = status
            current.openTraces = open.count
            current.heldEvents = open.heldEvents
            current.traces = open.counters
            current.analyzedTraces = analysis.traces
            return current
        }
    }

    /// Ready for more: not at the open-trace limit.
    public var isReady: Bool { lock.withLock { !open.isFull } }

    /// The findings so far, as a report; what was dropped or refused is said in its warnings.
    public func report(source: String) -> Report {
        let status = currentStatus
        var warnings: [String] = []
        if status.traces.rejectedSpans > 0 { warnings.append("\(status.traces.rejectedSpans) spans without a trace id were rejected") }
        if status.traces.droppedEvents > 0 {
            warnings.append("\(status.traces.droppedEvents) spans beyond \(options.traces.maximumEventsPerTrace) per trace were dropped")
        }
        if status.busyAnswers > 0 {
            warnings.append("\(status.busyAnswers) requests were answered \"retry later\" (HTTP 503, gRPC UNAVAILABLE) at the limit of \(options.traces.maximumTraces) open traces")
        }
        if status.malformedRequests > 0 { warnings.append("\(status.malformedRequests) requests were not OTLP and were refused (HTTP 400, gRPC INVALID_ARGUMENT)") }
        if status.traces.tracesWithoutRoot > 0 {
            warnings.append("\(status.traces.tracesWithoutRoot) traces closed without their root span, after the trace timeout")
        }
        if status.openTraces > 0 { warnings.append("\(status.openTraces) traces were still open and are not in this report") }
        return lock.withLock { analysis.report(source: source, requests: status.requests, warnings: warnings) }
    }
}
