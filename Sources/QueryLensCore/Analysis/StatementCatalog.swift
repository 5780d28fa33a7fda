/// What the SQL core knows about each distinct statement of a log, computed once per
/// fingerprint (the full normalization is 10x slower than fingerprinting, and a log has a few
/// hundred distinct statements among millions of executions), and how often each ran and for
/// how long: the report's "where the time goes".
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

    /// The traits and the running totals of one statement, in one slot: counting an execution
    /// costs the one lookup that finding its traits needs anyway.
    private struct Known {
        var traits: Traits
        var calls = 0
        /// Executions that had a duration.
        var timedCalls = 0
        var totalMilliseconds = 0.0
        var maxMilliseconds = 0.0

        mutating func count(_ milliseconds: Double?) -> Traits {
            calls += 1
            if let milliseconds {
                timedCalls += 1
                totalMilliseconds += milliseconds
                if milliseconds > maxMilliseconds { maxMilliseconds = milliseconds }
            }
            return traits
        }
    }

    private var entries: [Fingerprint: Entry] = [:]
    private var known: [Fingerprint: Known] = [:]
    private var normalizer = Normalizer()

    public init() {}

    public mutating func entry(_ fingerprint: Fingerprint, sql: String, isHTTPCall: Bool = false) -> Entry {
        if let known = entries[fingerprint] { return known }
        let statement = isHTTPCall ? Self.httpCall(sql) : normalizer.normalize(sql)
        let entry = Entry(statement: statement, isIgnored: Self.isIgnored(statement))
        entries[fingerprint] = entry
        known[fingerprint] = Known(traits: Traits(kind: statement.shape.kind, isIgnored: entry.isIgnored))
        return entry
    }

    /// Counts one execution and returns its statement's traits, normalizing the statement the
    /// first time its fingerprint is seen.
    public mutating func count(_ member: AnalyzedEvent) -> Traits {
        let milliseconds = member.event.durationMilliseconds
        if let traits = countIfKnown(member.fingerprint, milliseconds: milliseconds) { return traits }
        let entry = entry(member.fingerprint, sql: member.event.sql, isHTTPCall: member.event.isHTTPCall)
        var first = Known(traits: Traits(kind: entry.statement.shape.kind, isIgnored: entry.isIgnored))
        let traits = first.count(milliseconds)
        known[member.fingerprint] = first
        return traits
    }

    /// Counts one execution of a statement seen before; `nil`, counting nothing, for a new
    /// one (`count`). Asked first with the fields it needs: handing `count` an event held in
    /// a unit's array copies the whole event (every reference retained) for the call.
    mutating func countIfKnown(_ fingerprint: Fingerprint, milliseconds: Double?) -> Traits? {
        known[fingerprint]?.count(milliseconds)
    }

    /// Adds the statements and executions of the input(s) after this catalog's: a statement
    /// both saw keeps this side's normalization (the first text seen), its totals add up.
    mutating func merge(_ later: StatementCatalog) {
        entries.merge(later.entries) { mine, _ in mine }
        known.merge(later.known) { mine, theirs in
            var sum = mine
            sum.calls += theirs.calls
            sum.timedCalls += theirs.timedCalls
            sum.totalMilliseconds += theirs.totalMilliseconds
            sum.maxMilliseconds = max(mine.maxMilliseconds, theirs.maxMilliseconds)
            return sum
        }
    }

    /// Time all executions counted took; nil when none had a duration.
    public var totalMilliseconds: Double? {
        var total = 0.0
        var timed = 0
        for totals in known.values {
            total += totals.totalMilliseconds
            timed += totals.timedCalls
        }
        return timed > 0 ? total : nil
    }

    /// The statements counted, worst first by `StatementTime.isListedBefore`.
    public func statementTimes(limit: Int) -> [StatementTime] {
        let all = known.compactMap { fingerprint, totals -> StatementTime? in
            guard totals.calls > 0, let entry = entries[fingerprint] else { return nil }
            return StatementTime(
                fingerprint: fingerprint, query: entry.statement.text, calls: totals.calls,
                totalMs: Analyzer.rounded(totals.totalMilliseconds), maxMs: Analyzer.rounded(totals.maxMilliseconds))
        }
        return Array(all.sorted(by: StatementTime.isListedBefore).prefix(limit))
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
