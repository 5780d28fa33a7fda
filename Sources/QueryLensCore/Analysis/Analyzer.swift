/// Runs the detectors over units of work and merges what they find across units into
/// findings with their fixes. Memory: one accumulator per distinct pattern, not per unit.
public struct Analyzer {
    public struct Options: Sendable {
        public var profile: DetectionProfile
        /// `nil`: decide per finding from the log format and the statements.
        public var dialect: SQLDialect?
        /// Put parameter values into reports (redacted by default).
        public var showValues: Bool

        public init(profile: DetectionProfile = DetectionProfile(.standard), dialect: SQLDialect? = nil, showValues: Bool = false) {
            self.profile = profile
            self.dialect = dialect
            self.showValues = showValues
        }
    }

    private struct Key: Hashable {
        var kind: FindingKind
        var fingerprints: [Fingerprint]
    }

    private struct Accumulator {
        var units = 0
        var executions = 0
        var perUnit: [Int] = []
        var distinct = 0
        var duration = 0.0
        var batched = 0.0
        var highConfidenceUnits = 0
        var parents: [Fingerprint: Int] = [:]
        var sources: [String: Int] = [:]
        var samples: [AnalyzedEvent] = []
        var unitID = ""
        /// The input the samples were read from.
        var input: String?
        var format: LogFormat?
        /// The most executions in one unit so far, and that unit.
        var worst = 0
        var waterfall: WaterfallCapture?
    }

    public let options: Options
    private var detectors: [any Detector] = Detectors.all
    private var catalog = StatementCatalog()
    private var accumulators: [Key: Accumulator] = [:]
    private(set) var units = 0
    private(set) var inferredUnits = 0
    private(set) var events = 0
    /// The input being analyzed (its path as given), named in the examples of the findings
    /// first seen there.
    var input: String?

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Looks at one closed unit. `format` is the log format it came from, for the dialect and
    /// the ORM of the suggestions.
    public mutating func add(_ unit: UnitOfWork, format: LogFormat?) {
        units += 1
        events += unit.events.count
        if unit.isInferred { inferredUnits += 1 }
        // Every detector looks for a statement that repeats: most units (a transaction, a
        // request without loops) have none, and cost only this check.
        // Members are read in place: a `for member in unit.events` loop would copy each one out
        // of the array (retaining its strings) and release it again.
        guard unit.events.count >= 2, Self.hasRepeatedFingerprint(unit.events) else {
            unit.events.withUnsafeBufferPointer { members in
                // By fingerprint first (see `StatementCatalog.countIfKnown`).
                for index in members.indices {
                    _ = catalog.countIfKnown(members[index].fingerprint, milliseconds: members[index].event.durationMilliseconds)
                        ?? catalog.count(members[index])
                }
            }
            return
        }
        var statements: [UnitStatements.Statement] = []
        statements.reserveCapacity(unit.events.count)
        unit.events.withUnsafeBufferPointer { members in
            for index in members.indices {
                let traits = catalog.countIfKnown(members[index].fingerprint, milliseconds: members[index].event.durationMilliseconds)
                    ?? catalog.count(members[index])
                statements.append(UnitStatements.Statement(
                    fingerprint: members[index].fingerprint, kind: traits.kind, isIgnored: traits.isIgnored,
                    values: members[index].values, durationMilliseconds: members[index].event.durationMilliseconds ?? 0,
                    source: Self.source(members[index])))
            }
        }
        let view = UnitStatements(statements: statements, isInferred: unit.isInferred)
        var loops = Set<Fingerprint>()
        for detector in detectors {
            for found in detector.detect(in: view, profile: options.profile) {
                // A key loaded twice inside an N+1 loop is part of that loop: its fix covers it.
                if found.kind == .repeatedQuery && loops.contains(found.fingerprints[0]) { continue }
                if found.kind == .nPlusOne { loops.insert(found.fingerprints[0]) }
                record(found, unit: unit, format: format)
            }
        }
    }

    static func hasRepeatedFingerprint(_ events: [AnalyzedEvent]) -> Bool {
        if events.count <= 16 {
            for index in events.indices {
                for other in (index + 1)..<events.count where events[other].fingerprint == events[index].fingerprint { return true }
            }
            return false
        }
        var seen = Set<Fingerprint>(minimumCapacity: events.count)
        for member in events where !seen.insert(member.fingerprint).inserted { return true }
        return false
    }

    private mutating func record(_ found: UnitFinding, unit: UnitOfWork, format: LogFormat?) {
        if let first = found.samples.first, let kinds = Self.inlineIgnore(unit.events[first].event.sql),
            kinds.isEmpty || kinds.contains(found.kind.rawValue)
        {
            return
        }
        let key = Key(kind: found.kind, fingerprints: found.fingerprints)
        var accumulator = accumulators[key] ?? Accumulator()
        accumulator.units += 1
        accumulator.executions += found.executions
        if accumulator.perUnit.count < Self.keptPerUnitCounts { accumulator.perUnit.append(found.executions) }
        accumulator.distinct = max(accumulator.distinct, found.distinctValues)
        accumulator.duration += found.durationMilliseconds
        accumulator.batched += found.longestMilliseconds
        if found.parent != nil || found.sharedSource != nil { accumulator.highConfidenceUnits += 1 }
        if let parent = found.parent { accumulator.parents[parent, default: 0] += 1 }
        // Weighed by executions: the place that runs the loop most is the one to fix first.
        if let source = found.sharedSource ?? found.samples.first.flatMap({ Self.source(unit.events[$0]) }) {
            accumulator.sources[source, default: 0] += found.executions
        }
        if accumulator.samples.isEmpty {
            accumulator.samples = found.samples.map { unit.events[$0] }
            accumulator.unitID = unit.id
            accumulator.input = input
            accumulator.format = format
        }
        if found.executions > accumulator.worst {
            accumulator.worst = found.executions
            accumulator.waterfall = WaterfallCapture(unit: unit, loop: found.fingerprints, parent: found.parent, format: format)
        }
        accumulators[key] = accumulator
    }

    /// The executions per unit kept for a finding's median.
    private static let keptPerUnitCounts = 10_000

    /// Adds what `later` found in the input(s) after this analyzer's, as if its units had come
    /// after these: counts and times add up (this side's sum first), the first example and the
    /// unit where the pattern repeated most (the earlier one on a tie) are kept.
    mutating func merge(_ later: Analyzer) {
        units += later.units
        inferredUnits += later.inferredUnits
        events += later.events
        catalog.merge(later.catalog)
        for (key, theirs) in later.accumulators {
            guard var mine = accumulators[key] else {
                accumulators[key] = theirs
                continue
            }
            mine.units += theirs.units
            mine.executions += theirs.executions
            mine.perUnit += theirs.perUnit.prefix(max(0, Self.keptPerUnitCounts - mine.perUnit.count))
            mine.distinct = max(mine.distinct, theirs.distinct)
            mine.duration += theirs.duration
            mine.batched += theirs.batched
            mine.highConfidenceUnits += theirs.highConfidenceUnits
            mine.parents.merge(theirs.parents, uniquingKeysWith: +)
            mine.sources.merge(theirs.sources, uniquingKeysWith: +)
            if mine.samples.isEmpty {
                mine.samples = theirs.samples
                mine.unitID = theirs.unitID
                mine.input = theirs.input
                mine.format = theirs.format
            }
            if theirs.worst > mine.worst {
                mine.worst = theirs.worst
                mine.waterfall = theirs.waterfall
            }
            accumulators[key] = mine
        }
    }

    /// The kinds a `-- querylens:ignore n_plus_one, repeated_query` comment in the statement
    /// silences (empty: all of them); `nil` without such a comment.
    static func inlineIgnore(_ sql: String) -> Set<String>? {
        guard let marker = sql.range(of: "querylens:ignore") else { return nil }
        var rest = sql[marker.upperBound...]
        if let end = rest.firstIndex(where: { $0 == "\n" || $0 == "*" }) { rest = rest[..<end] }
        let kinds = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
            .filter { FindingKind(rawValue: $0) != nil }
        return Set(kinds)
    }

    /// Where an execution came from: its source location, else controller#action or route.
    static func source(_ member: AnalyzedEvent) -> String? {
        if let source = member.event.source { return source }
        let tags = member.tags
        guard !tags.isEmpty else { return nil }
        func tag(_ key: String) -> String? { tags.first { $0.key == key }?.value }
        if let controller = tag("controller") {
            return tag("action").map { "\(controller)#\($0)" } ?? controller
        }
        return tag("route") ?? tag("job")
    }

    /// Time all statements took, when any had a duration.
    public var durationMilliseconds: Double? { catalog.totalMilliseconds.map(Self.rounded) }

    /// Where the time goes: the statements that took the most.
    public func statementTimes() -> [StatementTime] { catalog.statementTimes(limit: StatementTime.reportedCount) }

    /// The findings that pass the profile, worst first, with their fixes.
    public func findings() -> [Finding] {
        var normalizer = Normalizer()
        let built = accumulators.compactMap { key, accumulator -> Finding? in
            guard accumulator.units >= options.profile.minimumUnits else { return nil }
            return finding(key, accumulator, &normalizer)
        }
        return built.sorted(by: Finding.isReportedBefore)
    }

    private func finding(_ key: Key, _ accumulator: Accumulator, _ normalizer: inout Normalizer) -> Finding {
        let fingerprint = key.fingerprints[0]
        let statement = catalog[fingerprint]?.statement ?? normalizer.normalize(accumulator.samples.first?.event.sql ?? "")
        let (table, columns, relation, joinedModelTable) = Self.target(statement, samples: accumulator.samples, normalizer: &normalizer)
        let perUnit = accumulator.perUnit.sorted()
        let confidence: Finding.Confidence = accumulator.highConfidenceUnits * 2 >= accumulator.units ? .high : .candidate
        let maxPerUnit = perUnit.last ?? accumulator.executions
        let parentFingerprint = accumulator.parents.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        let parent = parentFingerprint.flatMap { fingerprint in catalog[fingerprint].map { Finding.ParentQuery(fingerprint: fingerprint, query: $0.statement.text) } }
        let source = accumulator.sources.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        let sample = accumulator.samples.first
        let severity = Finding.severity(key.kind, confidence: confidence, maxPerUnit: maxPerUnit)
        let dialect = options.dialect ?? Self.dialect(format: accumulator.format, sql: sample?.event.sql ?? "")
        let parentTable = parentFingerprint.flatMap { catalog[$0]?.statement.shape.tables.first?.name }
        let suggestion = Self.suggestion(
            kind: key.kind, statement: statement, table: table, column: columns.first, relation: relation, modelTable: joinedModelTable,
            parentTable: parentTable, dialect: dialect, sample: sample, format: accumulator.format, source: source)
        let sequence = key.kind == .nPlusOneSequence ? key.fingerprints.map { fingerprint in
            Finding.SequenceStatement(fingerprint: fingerprint, query: catalog[fingerprint]?.statement.text ?? "")
        } : nil
        let idSuffix = key.fingerprints.map(\.description).joined(separator: "+")
        return Finding(
            id: "\(key.kind.rawValue):\(idSuffix)", kind: key.kind, severity: severity, confidence: confidence, table: table,
            columns: columns, fingerprint: fingerprint, sequence: sequence, query: statement.text, count: accumulator.executions,
            units: accumulator.units, maxPerUnit: maxPerUnit, medianPerUnit: perUnit.isEmpty ? 0 : perUnit[perUnit.count / 2],
            distinctValues: accumulator.distinct, durationMs: Self.rounded(accumulator.duration),
            estimatedBatchedMs: Self.rounded(accumulator.batched), parent: parent, source: source, suggestion: suggestion,
            example: Finding.Example(
                sql: options.showValues ? (sample?.event.sql ?? "") : statement.text,
                params: (sample?.event.parameters ?? []).map { value in options.showValues ? value : value.map { _ in "<redacted>" } },
                line: sample?.event.line ?? 0, unit: accumulator.unitID, file: accumulator.input),
            waterfall: accumulator.waterfall?.resolved { catalog[$0]?.statement.text ?? "" })
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    static func dialect(format: LogFormat?, sql: String) -> SQLDialect {
        switch format {
        case .postgresStderr?, .postgresCSV?, .postgresJSON?: return .postgresql
        default: return SQLDialect.guess(fromSQL: sql)
        }
    }

    /// The table and the column(s) whose values vary between executions (found by comparing
    /// two samples placeholder by placeholder), and how the statement relates to its parent.
    static func target(_ statement: NormalizedStatement, samples: [AnalyzedEvent], normalizer: inout Normalizer)
        -> (table: String?, columns: [String], relation: ORMHint.Relation, modelTable: String?)
    {
        let shape = statement.shape
        var varying = Set<Int>()
        if samples.count >= 2 {
            let first = values(samples[0], &normalizer)
            let second = values(samples[1], &normalizer)
            for (number, value) in first where second[number] != value { varying.insert(number) }
        }
        let candidates = shape.predicates.filter { predicate in
            predicate.scope == 0 && predicate.placeholder != nil && (predicate.operator == .equality || predicate.operator == .in)
        }
        let chosen = candidates.filter { varying.isEmpty || varying.contains($0.placeholder ?? -1) }
        let predicates = chosen.isEmpty ? candidates : chosen
        var table = predicates.first?.column.table ?? shape.tables.first?.name
        var columns = predicates.map(\.column.column)
        if shape.kind == .insert {
            table = shape.tables.first?.name
            columns = shape.writes.map(\.column.column)
        }
        let isCount = statement.text.hasPrefix("SELECT count(") || statement.text.hasPrefix("SELECT COUNT(")
        let column = columns.first ?? ""
        var modelTable = table
        let relation: ORMHint.Relation
        if isCount {
            relation = .count
        } else if shape.tables.count >= 2, let predicateTable = table, let other = shape.tables.first(where: { $0.name != predicateTable }) {
            relation = .manyToMany
            modelTable = other.name
        } else if column.lowercased() == "id" {
            // `id`, or `Id` as EF Core and Prisma name it.
            relation = .belongsTo
        } else {
            relation = .hasMany
        }
        return (table, columns, relation, modelTable)
    }

    /// Placeholder number → the value it had in one execution (inline literal or bound parameter).
    private static func values(_ sample: AnalyzedEvent, _ normalizer: inout Normalizer) -> [Int: String] {
        let statement = normalizer.normalize(sample.event.sql)
        var result: [Int: String] = [:]
        var questionMarks = 0
        for placeholder in statement.placeholders {
            let texts = placeholder.values.map { value -> String in
                guard value.isParameter else { return value.text }
                var index: Int?
                if value.text.hasPrefix("$"), let number = Int(value.text.dropFirst()) {
                    index = number - 1
                } else if value.text == "?" || value.text == "%s" {
                    index = questionMarks
                    questionMarks += 1
                }
                guard let index, index >= 0, index < sample.event.parameters.count else { return value.text }
                return sample.event.parameters[index] ?? "NULL"
            }
            result[placeholder.number] = texts.joined(separator: ",")
        }
        return result
    }

    static func suggestion(
        kind: FindingKind, statement: NormalizedStatement, table: String?, column: String?, relation: ORMHint.Relation,
        modelTable: String?, parentTable: String?, dialect: SQLDialect, sample: AnalyzedEvent?, format: LogFormat?, source: String?
    ) -> Suggestion {
        let framework = ORMHint.framework(tags: sample?.tags ?? [], logFormat: format, source: source, sql: sample?.event.sql ?? statement.text)
        switch kind {
        case .nPlusOne, .nPlusOneSequence:
            guard let table, let column else {
                return Suggestion(summary: "Load these rows in one query for all keys instead of one query per key.")
            }
            let postgres = BatchedQuery.rewrite(statement.text, column: column, dialect: dialect == .sqlite ? .sqlite : .postgresql)
            let sqlite = dialect == .unknown ? BatchedQuery.rewrite(statement.text, column: column, dialect: .sqlite) : nil
            let model = modelTable ?? table
            let orm = framework.map { ORMHint.hint(framework: $0, relation: relation, table: model, column: column, parentTable: parentTable) }
            let what = relation == .count ? "Count \(table) for all \(column) values in one GROUP BY query" : "Load \(model) for all \(column) values in one query"
            return Suggestion(
                summary: "\(what) instead of one query per \(column).", batchedQuery: postgres, batchedQuerySQLite: sqlite,
                loader: postgres.map { LoaderSketch.sketch(table: model, column: column, batchedQuery: $0, relation: relation) }, orm: orm)
        case .nPlusOneWrite:
            let target = table ?? "the table"
            switch statement.shape.kind {
            case .insert:
                let columns = statement.shape.writes.map(\.column.column)
                let unnest = columns.isEmpty ? nil
                    : "INSERT INTO \(target) (\(columns.joined(separator: ", "))) SELECT * FROM unnest(\(columns.indices.map { "$\($0 + 1)::<type>[]" }.joined(separator: ", ")))"
                return Suggestion(
                    summary: "Insert the rows at once: one multi-row INSERT ... VALUES (...), (...), COPY, or INSERT ... SELECT FROM unnest(arrays).",
                    batchedQuery: dialect == .sqlite ? nil : unnest,
                    batchedQuerySQLite: dialect == .postgresql ? nil
                        : (columns.isEmpty ? nil : "INSERT INTO \(target) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", "))), (...), ..."),
                    orm: framework.map(ORMHint.bulkInsert))
            case .update, .delete:
                let verb = statement.shape.kind == .update ? "UPDATE" : "DELETE"
                return Suggestion(
                    summary: "One set-based \(verb) for all rows: WHERE \(column ?? "id") = ANY($1), or \(verb) ... FROM unnest($1::int[], $2::<type>[]) for per-row values.",
                    orm: framework.map(ORMHint.bulkUpdate))
            default:
                return Suggestion(summary: "Do the writes in one statement.")
            }
        case .nPlusOneHTTP:
            return Suggestion(
                summary: "Make one request for all of them (the API's batch or list endpoint, `?ids=1,2,3`), or send them concurrently when the API has none, and keep the answers for the rest of the request.")
        case .repeatedQuery:
            return Suggestion(summary: "The same query with the same values ran again in this unit: memoize its result for the unit (request-scoped cache) or read through a cache with a TTL.")
        case .missingIndex, .unusedIndex, .duplicateIndex, .invalidIndex, .unindexedForeignKey, .sequentialScans, .staleStatistics:
            // Not found in units of work: the index advisor and the database checks write their own.
            return Suggestion(summary: kind.description)
        }
    }
}
