/// `n_plus_one_sequence`: a block of statements repeated per row (Sentry's "MN+1").
public struct SequenceLoopDetector: Detector {
    public init() {}

    public let kind = FindingKind.nPlusOneSequence

    /// Longest block looked for.
    public static let maximumLength = 5

    public let description = """
        A block of 2 to 5 different statements repeated back to back in one unit of work \
        (`A B C A B C A B C`): the body of a loop that runs several queries per row, e.g. an \
        author, then their books, then their reviews. Each statement in it is also an N+1; \
        this finding shows the whole loop body, so it can be replaced by a few batched \
        queries, one per statement.
        """

    public let triggeringExamples = [
        DetectorExample([
            "SELECT * FROM authors WHERE id = 1", "SELECT * FROM books WHERE author_id = 1",
            "SELECT * FROM authors WHERE id = 2", "SELECT * FROM books WHERE author_id = 2",
            "SELECT * FROM authors WHERE id = 3", "SELECT * FROM books WHERE author_id = 3",
        ]),
    ]

    public let nonTriggeringExamples = [
        DetectorExample(["SELECT * FROM authors WHERE id = 1", "SELECT * FROM books WHERE author_id = 1", "SELECT * FROM reviews WHERE id = 1"]),
        DetectorExample([
            "SELECT * FROM authors WHERE id = 1", "SELECT * FROM authors WHERE id = 2", "SELECT * FROM authors WHERE id = 3",
        ]),
    ]

    public func detect(in unit: UnitStatements, profile: DetectionProfile) -> [UnitFinding] {
        // Statements only: a loop of calls is `n_plus_one_http`, whatever statements run beside it.
        let positions = unit.statements.indices.filter { !unit.statements[$0].isIgnored && unit.statements[$0].kind != .httpCall }
        let sequence = positions.map { unit.statements[$0].fingerprint }
        var findings: [UnitFinding] = []
        var reported = Set<[Fingerprint]>()
        var start = 0
        while start < sequence.count {
            var advanced = false
            for length in 2...Self.maximumLength where start + length * profile.minimumSequenceRepeats <= sequence.count {
                let block = Array(sequence[start..<(start + length)])
                guard Set(block).count == length else { continue }
                var repeats = 1
                while start + (repeats + 1) * length <= sequence.count,
                    Array(sequence[(start + repeats * length)..<(start + (repeats + 1) * length)]) == block
                {
                    repeats += 1
                }
                guard repeats >= profile.minimumSequenceRepeats else { continue }
                let covered = (start..<(start + repeats * length)).map { positions[$0] }
                let distinct = Set(covered.map { unit.statements[$0].values }).count
                guard distinct > length, !reported.contains(block) else { continue }
                reported.insert(block)
                var finding = unit.finding(.nPlusOneSequence, block[0], covered, distinct: distinct)
                finding.fingerprints = block
                finding.executions = repeats
                findings.append(finding)
                start += repeats * length
                advanced = true
                break
            }
            if !advanced { start += 1 }
        }
        return findings.filter { $0.durationMilliseconds >= profile.minimumDurationMilliseconds }
    }
}
