/// With a live database: the workload's missing indexes as findings, and the plan of each N+1's
/// batched query, so the report says what the fix costs on the real planner.
enum IndexFindings {
    static func findings(_ suggestions: [IndexAdvisor.Suggestion]) -> [Finding] {
        var normalizer = Normalizer()
        return suggestions.map { suggestion in
            let first = suggestion.statements.first
            let executions = suggestion.statements.reduce(0) { $0 + $1.executions }
            let columns = suggestion.columns.map(\.name)
            return Finding(
                id: "missing_index:\(suggestion.table)(\(suggestion.columns.map(\.sql).joined(separator: ",")))", kind: .missingIndex,
                severity: suggestion.verified ? .warning : .note, confidence: suggestion.verified ? .high : .candidate,
                table: suggestion.table, columns: columns, fingerprint: normalizer.fingerprint(of: first?.query ?? ""), sequence: nil,
                query: first?.query ?? "", count: executions, units: 0, maxPerUnit: executions, medianPerUnit: executions,
                distinctValues: 0, durationMs: 0, estimatedBatchedMs: 0, parent: nil, source: nil,
                suggestion: Suggestion(
                    summary: summary(suggestion),
                    batchedQuery: suggestion.createStatement),
                example: Finding.Example(sql: first?.query ?? "", params: [], line: 0, unit: ""), index: suggestion)
        }
    }

    /// What to do, and what it is worth across the log.
    static func summary(_ suggestion: IndexAdvisor.Suggestion) -> String {
        guard suggestion.verified else { return "Create the index after checking it: \(suggestion.unverifiedReason ?? "it could not be tried")." }
        let used = "the planner used it for \(suggestion.statements.filter(\.usesIndex).count) of \(suggestion.statements.count) statements"
        var worth = ""
        if let milliseconds = suggestion.savedMs {
            worth = "; it saves about \(milliseconds < 10 ? String(format: "%.1f", milliseconds) : String(Int(milliseconds.rounded()))) ms across the log"
        } else if let cost = suggestion.savedCost {
            worth = "; it cuts the planner's cost by \(Int(cost.rounded())) across the log (no durations in the log)"
        }
        if let extends = suggestion.extends {
            return "Extend \(extends) instead of adding an index: the new one starts with its columns and replaces it; \(used)\(worth)."
        }
        return "Create the index; \(used)\(worth)."
    }

    /// The workload of a run: each distinct statement with its executions and time.
    struct Workload {
        private var totals: [Fingerprint: (sample: QueryEvent, executions: Int, duration: Double, order: Int)] = [:]

        mutating func add(_ fingerprint: Fingerprint, _ event: QueryEvent) {
            if totals[fingerprint] == nil { totals[fingerprint] = (event, 0, 0, totals.count) }
            totals[fingerprint]?.executions += 1
            totals[fingerprint]?.duration += event.durationMilliseconds ?? 0
        }

        /// Adds the statements of the input(s) after this workload's, in the order they came.
        mutating func merge(_ later: Workload) {
            for (fingerprint, theirs) in later.totals.sorted(by: { $0.value.order < $1.value.order }) {
                if var mine = totals[fingerprint] {
                    mine.executions += theirs.executions
                    mine.duration += theirs.duration
                    totals[fingerprint] = mine
                } else {
                    totals[fingerprint] = (theirs.sample, theirs.executions, theirs.duration, totals.count)
                }
            }
        }

        func statements() -> [IndexAdvisor.Statement] {
            var catalog = StatementCatalog()
            var normalizer = Normalizer()
            return totals.sorted { $0.value.order < $1.value.order }.map { fingerprint, total in
                let statement = catalog.entry(fingerprint, sql: total.sample.sql).statement
                return IndexAdvisor.Statement(
                    query: statement.text, shape: statement.shape, executions: total.executions, durationMs: total.duration,
                    values: RecordedValues.literals(for: total.sample, normalizer: &normalizer))
            }
        }
    }

    /// Adds the live plan of each N+1's batched query to its suggestion.
    static func planBatchedQueries(_ findings: inout [Finding], database: any PlanningDatabase) {
        for index in findings.indices where findings[index].kind == .nPlusOne {
            let query = database.dialect == .sqlite ? (findings[index].suggestion.batchedQuerySQLite ?? findings[index].suggestion.batchedQuery) : findings[index].suggestion.batchedQuery
            guard let query, let plan = try? database.plan(query) else { continue }
            findings[index].suggestion.batchedPlan = plan.root == nil ? plan.summary : "\(plan.summary) (cost \(Int(plan.cost.rounded())))"
        }
    }
}
