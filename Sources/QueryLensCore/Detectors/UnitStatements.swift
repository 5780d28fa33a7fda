/// A unit of work as the detectors see it: per statement, its fingerprint, what kind of
/// statement it is, the hash of its values, its duration and where it came from. Built once per
/// unit by the analyzer; ignored statements (transaction control, catalog lookups) are kept
/// (they still separate loops) but flagged.
public struct UnitStatements: Sendable {
    public struct Statement: Sendable {
        public var fingerprint: Fingerprint
        public var kind: StatementShape.Kind
        public var isIgnored: Bool
        public var values: UInt64
        public var durationMilliseconds: Double
        /// Source location, or controller#action from comment tags.
        public var source: String?
    }

    public var statements: [Statement]
    public var isInferred: Bool

    public init(statements: [Statement], isInferred: Bool) {
        self.statements = statements
        self.isInferred = isInferred
    }

    /// Executions grouped by fingerprint, for the statements of `kinds`, in order of first
    /// appearance.
    func groups(of kinds: Set<StatementShape.Kind>) -> [(fingerprint: Fingerprint, positions: [Int])] {
        var order: [Fingerprint] = []
        var positions: [Fingerprint: [Int]] = [:]
        for (index, statement) in statements.enumerated() where !statement.isIgnored && kinds.contains(statement.kind) {
            if positions[statement.fingerprint] == nil { order.append(statement.fingerprint) }
            positions[statement.fingerprint, default: []].append(index)
        }
        return order.map { ($0, positions[$0] ?? []) }
    }

    /// The last statement with another fingerprint before `position`, skipping ignored ones.
    func parent(before position: Int, other fingerprint: Fingerprint) -> Fingerprint? {
        var index = position - 1
        while index >= 0 {
            let statement = statements[index]
            if !statement.isIgnored && statement.fingerprint != fingerprint { return statement.fingerprint }
            index -= 1
        }
        return nil
    }

    /// The source all `positions` share, when they share one.
    func sharedSource(_ positions: [Int]) -> String? {
        guard let first = positions.first, let source = statements[first].source else { return nil }
        return positions.allSatisfy { statements[$0].source == source } ? source : nil
    }

    /// Loops over keys: statements of `kinds` run at least `minimumRepeats` times with at least
    /// `minimumDistinctValues` value sets (any number when the values were not recorded: a loop
    /// cannot be told from a repeat, and a loop is what costs more, so it is reported as one,
    /// without a count of distinct values).
    func loops(of kinds: Set<StatementShape.Kind>, as kind: FindingKind, profile: DetectionProfile) -> [UnitFinding] {
        groups(of: kinds).compactMap { fingerprint, positions in
            guard positions.count >= profile.minimumRepeats else { return nil }
            let unknown = positions.contains { statements[$0].values == AnalyzedEvent.unknownValues }
            let distinct = unknown ? 0 : Set(positions.map { statements[$0].values }).count
            guard unknown || distinct >= profile.minimumDistinctValues else { return nil }
            let found = finding(kind, fingerprint, positions, distinct: distinct)
            return found.durationMilliseconds >= profile.minimumDurationMilliseconds ? found : nil
        }
    }

    /// The finding for a group of executions of one statement.
    func finding(_ kind: FindingKind, _ fingerprint: Fingerprint, _ positions: [Int], distinct: Int) -> UnitFinding {
        let durations = positions.map { statements[$0].durationMilliseconds }
        var samples = [positions[0]]
        if let other = positions.first(where: { statements[$0].values != statements[positions[0]].values }) { samples.append(other) }
        return UnitFinding(
            kind: kind, fingerprints: [fingerprint], executions: positions.count, distinctValues: distinct,
            durationMilliseconds: durations.reduce(0, +), longestMilliseconds: durations.max() ?? 0,
            parent: parent(before: positions[0], other: fingerprint), samples: samples, sharedSource: sharedSource(positions))
    }
}
