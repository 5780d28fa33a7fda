/// What one OpenTelemetry span says, as far as QueryLens cares, whichever encoding it came in
/// (OTLP JSON from a file or a request, OTLP protobuf from the receiver). The attribute names
/// of both generations of the semantic conventions are read here, in one place.
public struct TraceSpan: Sendable {
    public enum Kind: Int, Sendable {
        case unspecified = 0, `internal`, server, client, producer, consumer
    }

    /// Lowercase hex.
    public var traceID = ""
    public var spanID = ""
    /// Empty for a root span.
    public var parentSpanID = ""
    public var kind = Kind.unspecified
    /// Nanoseconds since 1970.
    public var start: Int64 = 0
    public var end: Int64 = 0
    public var statement: String?
    public var database: String?
    /// `db.query.parameter.<key>` and the like, in the order they came.
    public var parameters: [(key: String, value: String?)] = []
    public var file: String?
    public var lineNumber: String?
    public var function: String?
    public var method: String?
    public var route: String?
    /// An HTTP client span's URL (`url.full`, `http.url`) and its template when the
    /// instrumentation knows it (`url.template`).
    public var url: String?
    public var urlTemplate: String?
    public var error: String?
    /// The input line the span was read from (0 when it arrived over the network).
    public var line = 0

    public init() {}

    /// Reads one attribute. `text` is the value as text (numbers and booleans spelled out),
    /// `nil` for arrays, maps and empty values.
    public mutating func apply(attribute key: String, text: String?) {
        switch key {
        case "db.query.text", "db.statement": statement = text
        case "db.namespace", "db.name": database = text
        case "db.statement.parameters":
            // Python's dbapi instrumentation (`capture_parameters=True`): the tuple's repr.
            if let text { parameters = Array(text.utf8).withUnsafeBytes { ValueList.parse($0) }.enumerated().map { (String($0.offset), $0.element) } }
        case "error.type": error = text
        case "code.filepath", "code.file.path": file = text
        case "code.lineno", "code.line.number": lineNumber = text
        case "code.function", "code.function.name": function = text
        case "http.request.method", "http.method": method = text
        case "http.route": route = text
        case "url.full", "http.url": url = text
        case "url.template": urlTemplate = text
        default:
            if key.hasPrefix("db.query.parameter.") || key.hasPrefix("db.operation.parameter.") {
                parameters.append((String(key.split(separator: ".").last ?? ""), text))
            }
        }
    }

    /// The span's status was an error (OTLP status code 2).
    public mutating func markFailed() {
        if error == nil && (statement != nil || url != nil) { error = "error" }
    }

    /// `GET books/` for a server span with a route.
    public var routeName: String? {
        guard kind == .server, let route else { return nil }
        return [method, route].compactMap { $0 }.joined(separator: " ")
    }

    /// The event of a database span, or of an HTTP client span (`GET <url>`, an HTTP call);
    /// `nil` for any other span. Not yet in a unit: the trace names that.
    public var event: QueryEvent? {
        let sql: String
        let isHTTPCall: Bool
        if let statement {
            sql = statement
            isHTTPCall = false
        } else if kind == .client, let method, let target = urlTemplate ?? url {
            sql = "\(method) \(HTTPCallTemplate.withoutCredentials(target))"
            isHTTPCall = true
        } else {
            return nil
        }
        var event = QueryEvent(
            sql: sql, timestamp: start / 1000, durationMilliseconds: Double(max(0, end - start)) / 1_000_000,
            session: traceID.isEmpty ? nil : traceID, database: database, parameters: Self.ordered(parameters), error: error, line: line)
        if let file {
            event.source = lineNumber.map { "\(file):\($0)" } ?? file
        } else if let function {
            event.source = function
        }
        event.isHTTPCall = isHTTPCall
        return event
    }

    /// An event in its trace's unit, named after the trace's route (`GET books/ (trace 5b8e...)`);
    /// the route is its source unless the span named its code.
    public static func inUnit(_ event: QueryEvent, trace: String, route: String?) -> QueryEvent {
        var named = event
        named.unit = route.map { "\($0) (trace \(trace))" } ?? "trace:\(trace)"
        if named.source == nil { named.source = route }
        return named
    }

    /// Parameters in their order: numbered keys by number, named ones as they came.
    private static func ordered(_ parameters: [(key: String, value: String?)]) -> [String?] {
        guard parameters.allSatisfy({ Int($0.key) != nil }) else { return parameters.map(\.value) }
        return parameters.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }.map(\.value)
    }
}
