/// `repeated_query`: the same query with the same values, again and again in one unit.
public struct RepeatedQueryDetector: Detector {
    public init() {}

    public let kind = FindingKind.repeatedQuery

    public let description = """
        The same SELECT with the same values ran several times in one unit of work: the \
        application asked the database a question it already had the answer to (the current \
        user on every partial, a setting read in a loop). Memoize the result for the unit \
        (request-scoped cache) or use a cache-aside read with a TTL.
        """

    public let triggeringExamples = [
        DetectorExample(["SELECT * FROM settings WHERE key = 'currency'", "SELECT * FROM settings WHERE key = 'currency'", "SELECT * FROM settings WHERE key = 'currency'"]),
        DetectorExample(["SELECT * FROM users WHERE id = 42", "SELECT * FROM users WHERE id = 42"], profile: .test),
    ]

    public let nonTriggeringExamples = [
        DetectorExample(["SELECT * FROM users WHERE id = 1", "SELECT * FROM users WHERE id = 2", "SELECT * FROM users WHERE id = 3"]),
        DetectorExample(["SELECT * FROM users WHERE id = 42", "SELECT * FROM users WHERE id = 42"]),
    ]

    public func detect(in unit: UnitStatements, profile: DetectionProfile) -> [UnitFinding] {
        unit.groups(of: [.select]).flatMap { fingerprint, positions -> [UnitFinding] in
            var byValues: [UInt64: [Int]] = [:]
            var order: [UInt64] = []
            for position in positions {
                let values = unit.statements[position].values
                // Unknown values are not known to be the same: no repeat claimed (see N+1).
                if values == AnalyzedEvent.unknownValues { continue }
                if byValues[values] == nil { order.append(values) }
                byValues[values, default: []].append(position)
            }
            return order.compactMap { values in
                guard let same = byValues[values], same.count >= profile.minimumRepeats else { return nil }
                let finding = unit.finding(.repeatedQuery, fingerprint, same, distinct: 1)
                return finding.durationMilliseconds >= profile.minimumDurationMilliseconds ? finding : nil
            }
        }
    }
}
