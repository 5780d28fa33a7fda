/// `n_plus_one_write`: one INSERT, UPDATE or DELETE per row, in a loop.
public struct NPlusOneWriteDetector: Detector {
    public init() {}

    public let kind = FindingKind.nPlusOneWrite

    public let description = """
        The same INSERT, UPDATE or DELETE ran many times in one unit of work: a write per row \
        (create each review, update each position). Each pays a round trip, a plan and often a \
        commit. Write the rows at once: a multi-row INSERT, COPY, \
        `INSERT ... SELECT * FROM unnest($1::int[], $2::text[])`, or one set-based UPDATE.
        """

    public let triggeringExamples = [
        DetectorExample([
            "INSERT INTO reviews (book_id, stars) VALUES (1, 5)", "INSERT INTO reviews (book_id, stars) VALUES (2, 4)",
            "INSERT INTO reviews (book_id, stars) VALUES (3, 3)",
        ]),
        // Rails wraps each save in its own transaction: still one loop.
        DetectorExample([
            "BEGIN", "UPDATE books SET position = 1 WHERE id = 7", "COMMIT",
            "BEGIN", "UPDATE books SET position = 2 WHERE id = 8", "COMMIT",
            "BEGIN", "UPDATE books SET position = 3 WHERE id = 9", "COMMIT",
        ]),
    ]

    public let nonTriggeringExamples = [
        DetectorExample(["INSERT INTO reviews (book_id, stars) VALUES (1, 5), (2, 4), (3, 3)"]),
        DetectorExample(["UPDATE books SET stock = stock - 1 WHERE id = 1", "INSERT INTO orders (book_id) VALUES (1)", "DELETE FROM carts WHERE id = 9"]),
    ]

    public func detect(in unit: UnitStatements, profile: DetectionProfile) -> [UnitFinding] {
        unit.groups(of: [.insert, .update, .delete]).compactMap { fingerprint, positions in
            guard positions.count >= profile.minimumRepeats else { return nil }
            let distinct = Set(positions.map { unit.statements[$0].values }).count
            let finding = unit.finding(.nPlusOneWrite, fingerprint, positions, distinct: distinct)
            return finding.durationMilliseconds >= profile.minimumDurationMilliseconds ? finding : nil
        }
    }
}
