/// One execution of one statement, as a log or the recorder saw it. Every reader produces
/// these; everything after the readers consumes only these.
public struct QueryEvent: Equatable, Sendable {
    /// The statement text as executed (with `$n` / `?` when the driver bound parameters).
    public var sql: String
    /// When the statement ran (or was logged), microseconds since 1970 UTC.
    public var timestamp: Int64?
    public var durationMilliseconds: Double?
    /// The server process, connection or session the statement ran on.
    public var session: String?
    /// Who ran it (user, database, application), shared by all events of a session so that an
    /// event costs one reference, not three strings.
    public var origin: Origin?
    public var user: String? {
        get { origin?.user }
        set { origin = Origin(user: newValue, database: origin?.database, application: origin?.application) }
    }
    public var database: String? {
        get { origin?.database }
        set { origin = Origin(user: origin?.user, database: newValue, application: origin?.application) }
    }
    public var application: String? {
        get { origin?.application }
        set { origin = Origin(user: origin?.user, database: origin?.database, application: newValue) }
    }
    /// Bound parameter values in order (`nil` for SQL NULL). Personal data: reports redact them.
    public var parameters: [String?]
    /// Where in the application the statement came from (`app/models/post.rb:12`).
    public var source: String? {
        get { details?.source }
        set { updateDetails { $0.source = newValue } }
    }
    /// An explicit unit of work the log names: a request id, a Rails request block, the JSONL
    /// `unit` field. Comment tags (`traceparent`) are read later, by the grouper.
    public var unit: String? {
        get { details?.unit }
        set { updateDetails { $0.unit = newValue } }
    }
    public var transactionID: String? {
        get { details?.transactionID }
        set { updateDetails { $0.transactionID = newValue } }
    }
    /// The error the statement failed with (SQLSTATE and message when known).
    public var error: String? {
        get { details?.error }
        set { updateDetails { $0.error = newValue } }
    }
    public var rows: Int? {
        get { details?.rows }
        set { updateDetails { $0.rows = newValue } }
    }
    /// The server's query id (`query_id` of csvlog/jsonlog), when it computed one.
    public var queryID: Int64? {
        get { details?.queryID }
        set { updateDetails { $0.queryID = newValue } }
    }
    /// An outgoing HTTP request (a trace's HTTP client span), not a statement: `sql` is the
    /// method and URL (`GET https://prices/api/7`). Loops of these are `n_plus_one_http`.
    public var isHTTPCall: Bool {
        get { details?.isHTTPCall ?? false }
        set { updateDetails { $0.isHTTPCall = newValue } }
    }
    /// The 1-based line of the input where the event starts.
    public var line: Int

    /// What most events do not have, behind one reference: events are copied along the whole
    /// pipeline, and a small event copies fast.
    private var details: Details?

    private final class Details: Equatable, Sendable {
        let source: String?
        let unit: String?
        let transactionID: String?
        let error: String?
        let rows: Int?
        let queryID: Int64?
        let isHTTPCall: Bool

        init(source: String?, unit: String?, transactionID: String?, error: String?, rows: Int?, queryID: Int64?, isHTTPCall: Bool = false) {
            self.source = source
            self.unit = unit
            self.transactionID = transactionID
            self.error = error
            self.rows = rows
            self.queryID = queryID
            self.isHTTPCall = isHTTPCall
        }

        static func == (lhs: Details, rhs: Details) -> Bool {
            lhs === rhs || (lhs.source == rhs.source && lhs.unit == rhs.unit && lhs.transactionID == rhs.transactionID
                && lhs.error == rhs.error && lhs.rows == rhs.rows && lhs.queryID == rhs.queryID && lhs.isHTTPCall == rhs.isHTTPCall)
        }
    }

    /// Details are immutable and shared; changing one field makes a new box.
    private struct DetailFields {
        var source, unit, transactionID, error: String?
        var rows: Int?
        var queryID: Int64?
        var isHTTPCall: Bool
    }

    private mutating func updateDetails(_ change: (inout DetailFields) -> Void) {
        var fields = DetailFields(
            source: details?.source, unit: details?.unit, transactionID: details?.transactionID, error: details?.error,
            rows: details?.rows, queryID: details?.queryID, isHTTPCall: details?.isHTTPCall ?? false)
        change(&fields)
        let empty = fields.source == nil && fields.unit == nil && fields.transactionID == nil && fields.error == nil
            && fields.rows == nil && fields.queryID == nil && !fields.isHTTPCall
        details = empty ? nil : Details(
            source: fields.source, unit: fields.unit, transactionID: fields.transactionID, error: fields.error,
            rows: fields.rows, queryID: fields.queryID, isHTTPCall: fields.isHTTPCall)
    }

    public init(
        sql: String, timestamp: Int64? = nil, durationMilliseconds: Double? = nil, session: String? = nil,
        user: String? = nil, database: String? = nil, application: String? = nil, parameters: [String?] = [],
        source: String? = nil, unit: String? = nil, transactionID: String? = nil, error: String? = nil,
        rows: Int? = nil, queryID: Int64? = nil, line: Int
    ) {
        self.init(
            sql: sql, timestamp: timestamp, durationMilliseconds: durationMilliseconds, session: session,
            origin: user != nil || database != nil || application != nil ? Origin(user: user, database: database, application: application) : nil,
            parameters: parameters, source: source, unit: unit, transactionID: transactionID, error: error, rows: rows, queryID: queryID, line: line)
    }

    /// With an origin already made (and shared by the session's events).
    init(
        sql: String, timestamp: Int64?, durationMilliseconds: Double?, session: String?, origin: Origin?, parameters: [String?],
        source: String? = nil, unit: String? = nil, transactionID: String?, error: String? = nil, rows: Int? = nil, queryID: Int64?, line: Int
    ) {
        self.sql = sql
        self.timestamp = timestamp
        self.durationMilliseconds = durationMilliseconds
        self.session = session
        self.origin = origin
        self.parameters = parameters
        self.line = line
        if source != nil || unit != nil || transactionID != nil || error != nil || rows != nil || queryID != nil {
            details = Details(source: source, unit: unit, transactionID: transactionID, error: error, rows: rows, queryID: queryID)
        }
    }

    /// The user, database and application of a session; immutable and shared.
    public final class Origin: Equatable, Sendable {
        public let user: String?
        public let database: String?
        public let application: String?

        public init(user: String?, database: String?, application: String?) {
            self.user = user
            self.database = database
            self.application = application
        }

        public static func == (lhs: Origin, rhs: Origin) -> Bool {
            lhs === rhs || (lhs.user == rhs.user && lhs.database == rhs.database && lhs.application == rhs.application)
        }
    }
}
