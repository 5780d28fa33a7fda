/// What the SQL core knows about each distinct statement of a log, computed once per
/// fingerprint (the full normalization is 10x slower than fingerprinting, and a log has a few
/// hundred distinct statements among millions of executions).
public struct StatementCatalog {
    public struct Entry: Sendable {
        public var statement: NormalizedStatement
        /// Transaction control, `SET`, catalog lookups: never part of a finding.
        public var isIgnored: Bool
    }

    /// What the detectors need per execution, small enough to copy for free.
    public struct Traits: Sendable {
        public var kind: StatementShape.Kind
        public var isIgnored: Bool
    }

    private var entries: [Fingerprint: Entry] = [:]
    private var traits: [Fingerprint: Traits] = [:]
    private var normalizer = Normalizer()

    public init() {}

    public mutating func entry(_ fingerprint: Fingerprint, sql: String, isHTTPCall: Bool = false) -> Entry {
        if let known = entries[fingerprint] { return known }
        let statement = isHTTPCall ? Self.httpCall(sql) : normalizer.normalize(sql)
        let entry = Entry(statement: statement, isIgnored: Self.isIgnored(statement))
        entries[fingerprint] = entry
        traits[fingerprint] = Traits(kind: statement.shape.kind, isIgnored: entry.isIgnored)
        return entry
    }

    /// The traits of a statement, normalizing it the first time its fingerprint is seen.
    public mutating func traits(_ fingerprint: Fingerprint, sql: String, isHTTPCall: Bool = false) -> Traits {
        if let known = traits[fingerprint] { return known }
        let entry = entry(fingerprint, sql: sql, isHTTPCall: isHTTPCall)
        return Traits(kind: entry.statement.shape.kind, isIgnored: entry.isIgnored)
    }

    public subscript(_ fingerprint: Fingerprint) -> Entry? { entries[fingerprint] }

    /// An HTTP call as the detectors see a statement: its template, of kind `httpCall`.
    private static func httpCall(_ call: String) -> NormalizedStatement {
        let template = HTTPCallTemplate.template(call)
        var shape = StatementShape()
        shape.kind = .httpCall
        return NormalizedStatement(text: template.text, fingerprint: template.fingerprint, tags: [], placeholders: [], keysPerExecution: nil, shape: shape)
    }

    /// Ignored by default: statements that are not reads or writes of application tables
    /// (BEGIN, COMMIT, SAVEPOINT, RELEASE, SET, SHOW, DDL) and catalog lookups (pg_catalog,
    /// information_schema, sqlite_master): ORMs issue these in loops legitimately.
    static func isIgnored(_ statement: NormalizedStatement) -> Bool {
        if statement.shape.kind == .other { return true }
        return statement.shape.tables.contains { table in
            let schema = table.schema ?? ""
            return schema == "pg_catalog" || schema == "information_schema" || table.name.hasPrefix("pg_")
                || table.name.hasPrefix("sqlite_") || table.name == "information_schema"
        } || statement.text.contains("pg_catalog.") || statement.text.contains("information_schema.")
    }
}
