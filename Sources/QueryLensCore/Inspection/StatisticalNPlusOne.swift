/// N+1 suspects from the server's statistics alone, without a log: the inner statement of a
/// loop is a single-key lookup (`= $1` on one column, about one row per call) run about as many
/// times as another statement returned rows over the same window: the parent returns k rows per
/// call, and the child runs about k times per parent call. Reported at candidate confidence:
/// counts can match by chance, and only a log or a trace shows the loop itself.
enum StatisticalNPlusOne {
    /// Calls of the child per row of the parent, within this range, make a pair.
    static let ratioRange = 0.8...1.25

    static func findings(_ statements: [WorkloadStatement], profile: DetectionProfile = DetectionProfile(.standard)) -> [Finding] {
        let parents = statements.filter { $0.statement.shape.kind == .select && $0.calls > 0 && $0.rowsPerCall >= 2 }
        var found: [Finding] = []
        for child in statements {
            guard let column = lookupColumn(child), child.rowsPerCall <= 1.05 else { continue }
            let candidates = parents.compactMap { parent -> (parent: WorkloadStatement, ratio: Double)? in
                guard parent.statement.fingerprint != child.statement.fingerprint, parent.rows > 0 else { return nil }
                let ratio = Double(child.calls) / Double(parent.rows)
                guard ratioRange.contains(ratio), child.calls >= profile.minimumRepeats * parent.calls else { return nil }
                return (parent, ratio)
            }
            // The parent whose rows match the child's calls best; ties to the one returning more.
            guard let best = candidates.min(by: { a, b in
                let (da, db) = (abs(1 - a.ratio), abs(1 - b.ratio))
                return da != db ? da < db : (a.parent.rows, b.parent.statement.fingerprint) > (b.parent.rows, a.parent.statement.fingerprint)
            }) else { continue }
            found.append(finding(child: child, column: column, parent: best.parent, ratio: best.ratio))
        }
        return found.sorted(by: Finding.isReportedBefore)
    }

    /// The column of a SELECT that looks up one key: one equality on a placeholder at the top
    /// level, on one table.
    static func lookupColumn(_ workload: WorkloadStatement) -> (table: String, column: String)? {
        let shape = workload.statement.shape
        guard shape.kind == .select, shape.tables.count == 1, let table = shape.tables.first?.name else { return nil }
        let keys = shape.predicates.filter { $0.scope == 0 && $0.placeholder != nil && $0.operator == .equality }
        guard keys.count == 1, let key = keys.first else { return nil }
        return (key.column.table ?? table, key.column.column)
    }

    private static func finding(child: WorkloadStatement, column: (table: String, column: String), parent: WorkloadStatement, ratio: Double) -> Finding {
        let statement = child.statement
        let perParentCall = Int((Double(child.calls) / Double(max(1, parent.calls))).rounded())
        let relation: ORMHint.Relation = column.column.lowercased() == "id" ? .belongsTo : .hasMany
        var suggestion = Analyzer.suggestion(
            kind: .nPlusOne, statement: statement, table: column.table, column: column.column, relation: relation, modelTable: column.table,
            parentTable: parent.statement.shape.tables.first?.name, dialect: .postgresql, sample: nil, format: .postgresStderr, source: nil)
        suggestion.summary += " From statistics only: confirm with a log or a trace of these requests (`querylens analyze`)."
        let mean = child.calls == 0 ? 0 : child.totalMilliseconds / Double(child.calls)
        let measured = "the parent ran \(parent.calls) time\(parent.calls == 1 ? "" : "s") returning \(parent.rows) rows (\(rounded(parent.rowsPerCall)) per call); "
            + "this ran \(child.calls) times returning \(child.rows) rows (\(rounded(child.rowsPerCall)) per call): \(rounded(ratio)) calls per parent row"
        return Finding(
            id: "n_plus_one:\(statement.fingerprint)", kind: .nPlusOne,
            severity: Finding.severity(.nPlusOne, confidence: .candidate, maxPerUnit: perParentCall), confidence: .candidate,
            table: column.table, columns: [column.column], fingerprint: statement.fingerprint, sequence: nil, query: statement.text,
            count: child.calls, units: parent.calls, maxPerUnit: perParentCall, medianPerUnit: perParentCall, distinctValues: 0,
            durationMs: Analyzer.rounded(child.totalMilliseconds), estimatedBatchedMs: Analyzer.rounded(mean * Double(parent.calls)),
            parent: Finding.ParentQuery(fingerprint: parent.statement.fingerprint, query: parent.statement.text), source: nil,
            suggestion: suggestion, example: Finding.Example(sql: statement.text, params: [], line: 0, unit: ""),
            evidence: DatabaseEvidence(object: statement.text, measured: measured, fix: suggestion.batchedQuery))
    }

    private static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
