/// OpenTelemetry traces as OTLP JSON Lines: one `TracesData` object per line (`{"resourceSpans":
/// [...]}`), as the OpenTelemetry Collector's file exporter writes them. Hex `traceId`/`spanId`,
/// enums as integers or names, 64-bit integers as strings or numbers, unknown fields ignored.
///
/// Every database client span becomes an event, under either generation of the semantic
/// conventions: the statement from `db.query.text` (or `db.statement`), the database from
/// `db.namespace` (`db.name`), values from `db.query.parameter.*` / `db.operation.parameter.*`
/// (or Python's `db.statement.parameters`), the time from the span, the error from
/// `error.type` or an error status. HTTP client spans become HTTP calls (`GET <url>`), for
/// `n_plus_one_http`. The trace is the unit of work, named after its server
/// span's route (`GET /books/`), which is also the statements' source unless the span names
/// its code (`code.filepath`:`code.lineno`). A trace's spans arrive in any order and over
/// several lines (children end, and are exported, before their parent), so database spans wait
/// for their trace's server span, within bounds, before they are handed over.
public struct OTLPJSONReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    /// Database spans waiting for their trace's route, by trace id.
    private var waiting: [String: [QueryEvent]] = [:]
    private var waitingOrder: [String] = []
    private var waitingCount = 0
    /// Routes of the traces seen, most recent last, bounded.
    private var routes: [String: String] = [:]
    private var routeOrder: [String] = []
    private static let maximumWaiting = 100_000
    private static let maximumRoutes = 10_000

    public init() {}

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        line.trimmed.byte(0) == UInt8(ascii: "{") && line.firstOffset(of: "\"resourceSpans\"") != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        guard line.trimmed.count > 0 else { return }
        guard let spans = Self.spans(in: line, number: number) else {
            diagnostics.skip(line: number)
            return
        }
        for span in spans {
            guard let event = span.event else { continue }
            if span.traceID.isEmpty {
                emit(event)
            } else if routes[span.traceID] != nil {
                emit(named(event, trace: span.traceID))
            } else {
                wait(event, trace: span.traceID, emit: emit)
            }
        }
        // A route that arrives now releases its trace's spans, this line's among them, in the
        // order they started: the query that loaded the rows before the loop over them.
        for span in spans {
            guard let route = span.routeName else { continue }
            remember(route: route, of: span.traceID)
            release(span.traceID, emit: emit)
        }
    }

    /// The spans of one `TracesData` (or `ExportTraceServiceRequest`) JSON object; `nil` when
    /// it is not valid JSON.
    public static func spans(in body: UnsafeRawBufferPointer, number: Int = 0) -> [TraceSpan]? {
        var spans: [TraceSpan] = []
        let valid = JSONLine.forEachMember(body.trimmed) { key, value in
            guard key.elementsEqual("resourceSpans".utf8) else { return }
            for resource in value.elements ?? [] {
                members(resource) { key, value in
                    guard key.elementsEqual("scopeSpans".utf8) || key.elementsEqual("instrumentationLibrarySpans".utf8) else { return }
                    for scope in value.elements ?? [] {
                        members(scope) { key, value in
                            guard key.elementsEqual("spans".utf8) else { return }
                            for span in value.elements ?? [] {
                                if var parsed = Self.span(span) {
                                    parsed.line = number
                                    spans.append(parsed)
                                }
                            }
                        }
                    }
                }
            }
        }
        return valid ? spans : nil
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        for trace in waitingOrder { release(trace, emit: emit) }
        waitingOrder.removeAll()
    }

    private func named(_ event: QueryEvent, trace: String) -> QueryEvent {
        TraceSpan.inUnit(event, trace: trace, route: routes[trace])
    }

    private mutating func wait(_ event: QueryEvent, trace: String, emit: (consuming QueryEvent) -> Void) {
        if waiting[trace] == nil { waitingOrder.append(trace) }
        waiting[trace, default: []].append(event)
        waitingCount += 1
        // Bounded: the oldest trace goes without its route rather than memory growing.
        while waitingCount > Self.maximumWaiting, let oldest = waitingOrder.first {
            release(oldest, emit: emit)
        }
    }

    /// Hands over a trace's waiting spans in the order they started.
    private mutating func release(_ trace: String, emit: (consuming QueryEvent) -> Void) {
        guard let events = waiting.removeValue(forKey: trace) else { return }
        waitingCount -= events.count
        if let index = waitingOrder.firstIndex(of: trace) { waitingOrder.remove(at: index) }
        for event in events.sorted(by: { ($0.timestamp ?? 0, $0.line) < ($1.timestamp ?? 0, $1.line) }) { emit(named(event, trace: trace)) }
    }

    private mutating func remember(route: String, of trace: String) {
        if routes[trace] == nil {
            routeOrder.append(trace)
            if routeOrder.count > Self.maximumRoutes { routes[routeOrder.removeFirst()] = nil }
        }
        routes[trace] = route
    }

    private static func members(_ value: JSONLine.Value, _ body: (UnsafeRawBufferPointer, JSONLine.Value) -> Void) {
        guard case .object(let bytes) = value else { return }
        _ = JSONLine.forEachMember(bytes, body)
    }

    /// A span's fields; `nil` when it is not an object.
    static func span(_ value: JSONLine.Value) -> TraceSpan? {
        guard case .object = value else { return nil }
        var span = TraceSpan()
        var statusError = false
        members(value) { key, value in
            // Compared as bytes: a span has a dozen members, and a String per member costs more
            // than the rest of the span.
            func named(_ name: StaticString) -> Bool { key.count == name.utf8CodeUnitCount && key.hasPrefix(name) }
            if named("traceId") || named("trace_id") {
                span.traceID = value.string?.lowercased() ?? ""
            } else if named("spanId") || named("span_id") {
                span.spanID = value.string?.lowercased() ?? ""
            } else if named("parentSpanId") || named("parent_span_id") {
                span.parentSpanID = value.string?.lowercased() ?? ""
            } else if named("kind") {
                let number = Int(value.integer ?? 0)
                span.kind = TraceSpan.Kind(rawValue: number != 0 ? number : kindNumber(value.string)) ?? .unspecified
            } else if named("startTimeUnixNano") || named("start_time_unix_nano") {
                span.start = value.integer ?? 0
            } else if named("endTimeUnixNano") || named("end_time_unix_nano") {
                span.end = value.integer ?? 0
            } else if named("status") {
                members(value) { key, value in
                    if key.elementsEqual("code".utf8), value.integer == 2 || value.string == "STATUS_CODE_ERROR" { statusError = true }
                }
            } else if named("attributes") {
                for attribute in value.elements ?? [] { apply(attribute, to: &span) }
            }
        }
        if statusError { span.markFailed() }
        return span
    }

    private static func kindNumber(_ name: String?) -> Int {
        switch name {
        case "SPAN_KIND_INTERNAL": return 1
        case "SPAN_KIND_SERVER": return 2
        case "SPAN_KIND_CLIENT": return 3
        case "SPAN_KIND_PRODUCER": return 4
        case "SPAN_KIND_CONSUMER": return 5
        default: return 0
        }
    }

    /// One `{"key": ..., "value": {"stringValue": ...}}` attribute.
    private static func apply(_ attribute: JSONLine.Value, to span: inout TraceSpan) {
        var key: String?
        var text: String?
        members(attribute) { name, value in
            if name.elementsEqual("key".utf8) { key = value.string }
            if name.elementsEqual("value".utf8) {
                members(value) { _, inner in
                    if case .array = inner { return }
                    if case .object = inner { return }
                    text = inner.string
                }
            }
        }
        if let key { span.apply(attribute: key, text: text) }
    }
}
