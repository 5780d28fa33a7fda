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
    public var source: String?
    /// An explicit unit of work the log names: a request id, a Rails request block, the JSONL
    /// `unit` field. Comment tags (`traceparent`) are read later, by the grouper.
    public var unit: String?
    public var transactionID: String?
    /// The error the statement failed with (SQLSTATE and message when known).
    public var error: String?
    public var rows: Int?
    /// The server's query id (`query_id` of csvlog/jsonlog), when it computed one.
    public var queryID: Int64?
    /// The 1-based line of the input where the event starts.
    public var line: Int

    public init(
        sql: String, timestamp: Int64? = nil, durationMilliseconds: Double? = nil, session: String? = nil,
        user: String? = nil, database: String? = nil, application: String? = nil, parameters: [String?] = [],
        source: String? = nil, unit: String? = nil, transactionID: String? = nil, error: String? = nil,
        rows: Int? = nil, queryID: Int64? = nil, line: Int
    ) {
        self.sql = sql
        self.timestamp = timestamp
        self.durationMilliseconds = durationMilliseconds
        self.session = session
        if user != nil || database != nil || application != nil {
            origin = Origin(user: user, database: database, application: application)
        }
        self.parameters = parameters
        self.source = source
        self.unit = unit
        self.transactionID = transactionID
        self.error = error
        self.rows = rows
        self.queryID = queryID
        self.line = line
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
