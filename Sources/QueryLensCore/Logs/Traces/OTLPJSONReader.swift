/// OpenTelemetry traces as OTLP JSON Lines: one `TracesData` object per line (`{"resourceSpans":
/// [...]}`), as the OpenTelemetry Collector's file exporter writes them. Hex `traceId`/`spanId`,
/// enums as integers or names, 64-bit integers as strings or numbers, unknown fields ignored.
///
/// Every database client span becomes an event, under either generation of the semantic
/// conventions: the statement from `db.query.text` (or `db.statement`), the database from
/// `db.namespace` (`db.name`), values from `db.query.parameter.*` / `db.operation.parameter.*`
/// (or Python's `db.statement.parameters`), the time from the span, the error from
/// `error.type` or an error status. The trace is the unit of work, named after its server
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

    /// What one span says, as far as QueryLens cares.
    struct Span {
        var traceID = ""
        var kind = 0
        var start: Int64 = 0
        var end: Int64 = 0
        var statement: String?
        var database: String?
        var parameters: [(key: String, value: String?)] = []
        var source: (file: String?, line: String?, function: String?)
        var method: String?
        var route: String?
        var error: String?
        var line = 0
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        line.trimmed.byte(0) == UInt8(ascii: "{") && line.firstOffset(of: "\"resourceSpans\"") != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (QueryEvent) -> Void) {
        guard line.trimmed.count > 0 else { return }
        var spans: [Span] = []
        let valid = JSONLine.forEachMember(line.trimmed) { key, value in
            guard key.elementsEqual("resourceSpans".utf8) else { return }
            for resource in value.elements ?? [] {
                Self.members(resource) { key, value in
                    guard key.elementsEqual("scopeSpans".utf8) || key.elementsEqual("instrumentationLibrarySpans".utf8) else { return }
                    for scope in value.elements ?? [] {
                        Self.members(scope) { key, value in
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
        guard valid else {
            diagnostics.skip(line: number)
            return
        }
        // Server spans first: their routes name the traces of this line's database spans.
        for span in spans where span.kind == 2 && span.route != nil {
            remember(route: [span.method, span.route].compactMap { $0 }.joined(separator: " "), of: span.traceID)
        }
        for span in spans {
            guard let statement = span.statement else { continue }
            var event = QueryEvent(
                sql: statement, timestamp: span.start / 1000, durationMilliseconds: Double(max(0, span.end - span.start)) / 1_000_000,
                session: nil, database: span.database, parameters: Self.ordered(span.parameters), error: span.error, line: span.line)
            if let file = span.source.file {
                event.source = span.source.line.map { "\(file):\($0)" } ?? file
            } else if let function = span.source.function {
                event.source = function
            }
            event.session = span.traceID.isEmpty ? nil : span.traceID
            if span.traceID.isEmpty {
                emit(event)
            } else if routes[span.traceID] != nil {
                emit(named(event, trace: span.traceID))
            } else {
                wait(event, trace: span.traceID, emit: emit)
            }
        }
        for span in spans where span.kind == 2 && span.route != nil { release(span.traceID, emit: emit) }
    }

    public mutating func finish(emit: (QueryEvent) -> Void) {
        for trace in waitingOrder { release(trace, emit: emit) }
        waitingOrder.removeAll()
    }

    /// The event in its trace's unit, named after the route; the route is its source unless
    /// the span named its code.
    private func named(_ event: QueryEvent, trace: String) -> QueryEvent {
        var named = event
        let route = routes[trace]
        named.unit = route.map { "\($0) (trace \(trace))" } ?? "trace:\(trace)"
        if named.source == nil { named.source = route }
        return named
    }

    private mutating func wait(_ event: QueryEvent, trace: String, emit: (QueryEvent) -> Void) {
        if waiting[trace] == nil { waitingOrder.append(trace) }
        waiting[trace, default: []].append(event)
        waitingCount += 1
        // Bounded: the oldest trace goes without its route rather than memory growing.
        while waitingCount > Self.maximumWaiting, let oldest = waitingOrder.first {
            release(oldest, emit: emit)
        }
    }

    /// Hands over a trace's waiting spans in the order they started.
    private mutating func release(_ trace: String, emit: (QueryEvent) -> Void) {
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
    static func span(_ value: JSONLine.Value) -> Span? {
        guard case .object = value else { return nil }
        var span = Span(source: (nil, nil, nil))
        var statusError = false
        members(value) { key, value in
            // Compared as bytes: a span has a dozen members, and a String per member costs more
            // than the rest of the span.
            func named(_ name: StaticString) -> Bool { key.count == name.utf8CodeUnitCount && key.hasPrefix(name) }
            if named("traceId") || named("trace_id") {
                span.traceID = value.string?.lowercased() ?? ""
            } else if named("kind") {
                span.kind = Int(value.integer ?? 0) != 0 ? Int(value.integer ?? 0) : kindNumber(value.string)
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
        if statusError && span.error == nil && span.statement != nil { span.error = "error" }
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
    private static func apply(_ attribute: JSONLine.Value, to span: inout Span) {
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
        guard let key else { return }
        switch key {
        case "db.query.text", "db.statement": span.statement = text
        case "db.namespace", "db.name": span.database = text
        case "db.statement.parameters":
            if let text { span.parameters = Array(text.utf8).withUnsafeBytes { ValueList.parse($0) }.enumerated().map { (String($0.offset), $0.element) } }
        case "error.type": span.error = text
        case "code.filepath", "code.file.path": span.source.file = text
        case "code.lineno", "code.line.number": span.source.line = text
        case "code.function", "code.function.name": span.source.function = text
        case "http.request.method", "http.method": span.method = text
        case "http.route": span.route = text
        default:
            if key.hasPrefix("db.query.parameter.") || key.hasPrefix("db.operation.parameter.") {
                span.parameters.append((String(key.split(separator: ".").last ?? ""), text))
            }
        }
    }

    /// Parameters in their order: numbered keys by number, named ones as they came.
    private static func ordered(_ parameters: [(key: String, value: String?)]) -> [String?] {
        guard parameters.allSatisfy({ Int($0.key) != nil }) else { return parameters.map(\.value) }
        return parameters.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }.map(\.value)
    }
}
