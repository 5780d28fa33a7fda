/// Traces arriving over the network, held until they are whole: the receiver's units of work.
///
/// Exporters send a trace's spans as they end, children before their parent, spread over many
/// requests and seconds. A trace closes when its root span has arrived and nothing more came
/// for `idle`, or, without a root (a sampled-out parent, a service that is not instrumented),
/// `timeout` after its first span. Memory is bounded: at most `maximumTraces` open traces (the
/// receiver answers "retry later" while full) and `maximumEventsPerTrace` events each (the rest
/// counted, not kept). Only what becomes events is kept: a span that is neither a statement
/// nor an HTTP call leaves its route, at most.
public struct OpenTraces {
    public struct Options: Sendable {
        public var idleNanoseconds: Int64
        public var timeoutNanoseconds: Int64
        public var maximumTraces: Int
        public var maximumEventsPerTrace: Int

        public init(
            idleNanoseconds: Int64 = 2_000_000_000, timeoutNanoseconds: Int64 = 60_000_000_000, maximumTraces: Int = 20_000,
            maximumEventsPerTrace: Int = 10_000
        ) {
            self.idleNanoseconds = idleNanoseconds
            self.timeoutNanoseconds = timeoutNanoseconds
            self.maximumTraces = maximumTraces
            self.maximumEventsPerTrace = maximumEventsPerTrace
        }
    }

    /// A closed trace: its events in the order they started, already in their unit.
    public struct Trace: Sendable {
        public var id: String
        public var route: String?
        public var events: [QueryEvent]
        /// Its root span arrived (otherwise it closed on the timeout).
        public var hasRoot: Bool
    }

    /// What happened to what arrived, for the report and `/health`.
    public struct Counters: Sendable, Equatable {
        public var spans = 0
        /// Spans without a trace id: rejected, and reported to the exporter as such.
        public var rejectedSpans = 0
        public var closedTraces = 0
        public var tracesWithoutRoot = 0
        /// Events beyond `maximumEventsPerTrace` in one trace.
        public var droppedEvents = 0

        public init() {}
    }

    private struct Open {
        var route: String?
        var events: [QueryEvent] = []
        var hasRoot = false
        var opened: Int64
        var lastArrival: Int64
    }

    public let options: Options
    public private(set) var counters = Counters()
    private var open: [String: Open] = [:]

    public init(options: Options = Options()) {
        self.options = options
    }

    public var count: Int { open.count }
    /// No room for another trace: the receiver asks exporters to retry later.
    public var isFull: Bool { open.count >= options.maximumTraces }
    /// Events held in open traces.
    public var heldEvents: Int { open.values.reduce(0) { $0 + $1.events.count } }

    /// Takes the spans of one request; `now` is a monotonic clock in nanoseconds. Returns how
    /// many were rejected (no trace id).
    @discardableResult
    public mutating func add(_ spans: [TraceSpan], now: Int64) -> Int {
        var rejected = 0
        for span in spans {
            counters.spans += 1
            guard !span.traceID.isEmpty else {
                rejected += 1
                continue
            }
            var trace = open.removeValue(forKey: span.traceID) ?? Open(opened: now, lastArrival: now)
            trace.lastArrival = now
            if span.parentSpanID.isEmpty { trace.hasRoot = true }
            if let route = span.routeName, trace.route == nil || span.parentSpanID.isEmpty { trace.route = route }
            if let event = span.event {
                if trace.events.count < options.maximumEventsPerTrace {
                    trace.events.append(event)
                } else {
                    counters.droppedEvents += 1
                }
            }
            open[span.traceID] = trace
        }
        counters.rejectedSpans += rejected
        return rejected
    }

    /// The traces that are done at `now`, oldest first.
    public mutating func close(now: Int64) -> [Trace] {
        let done = open.filter { _, trace in
            (trace.hasRoot && now - trace.lastArrival >= options.idleNanoseconds) || now - trace.opened >= options.timeoutNanoseconds
        }
        return done.sorted { ($0.value.opened, $0.key) < ($1.value.opened, $1.key) }.map { close($0.key) }
    }

    /// Every open trace, done or not (the receiver is stopping).
    public mutating func closeAll() -> [Trace] {
        open.sorted { ($0.value.opened, $0.key) < ($1.value.opened, $1.key) }.map { close($0.key) }
    }

    private mutating func close(_ id: String) -> Trace {
        let trace = open.removeValue(forKey: id) ?? Open(opened: 0, lastArrival: 0)
        counters.closedTraces += 1
        if !trace.hasRoot { counters.tracesWithoutRoot += 1 }
        let events = trace.events.enumerated()
            .sorted { ($0.element.timestamp ?? 0, $0.offset) < ($1.element.timestamp ?? 0, $1.offset) }
            .map { TraceSpan.inUnit($0.element, trace: id, route: trace.route) }
        return Trace(id: id, route: trace.route, events: events, hasRoot: trace.hasRoot)
    }
}
