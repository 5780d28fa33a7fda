/// `n_plus_one`: one query per row of an earlier result.
public struct NPlusOneDetector: Detector {
    public init() {}

    public let kind = FindingKind.nPlusOne

    public let description = """
        The same SELECT ran many times in one unit of work with different values: a query per \
        row of an earlier result (load the books, then each book's author). Each execution pays \
        a round trip and a plan; one batched query (`WHERE author_id = ANY($1)`) or the ORM's \
        eager loading does the work once. Found per unit, so 300 requests that each load one \
        row are not an N+1; loops that interleave (A B A B) or nest are each found. When the log \
        shows placeholders but not the values bound to them (Prisma's `log: ['query']`, a trace \
        without captured parameters), the repeats are reported as a possible N+1, marked "values \
        not in the log": a loop and a repeat cannot be told apart, and the loop costs more.
        """

    public let triggeringExamples = [
        DetectorExample([
            "SELECT id, author_id FROM books ORDER BY id LIMIT 3",
            "SELECT * FROM authors WHERE id = 1", "SELECT * FROM authors WHERE id = 2", "SELECT * FROM authors WHERE id = 3",
        ]),
        // Interleaved: two loops over the same books.
        DetectorExample([
            "SELECT * FROM authors WHERE id = 1", "SELECT * FROM reviews WHERE book_id = 1",
            "SELECT * FROM authors WHERE id = 2", "SELECT * FROM reviews WHERE book_id = 2",
            "SELECT * FROM authors WHERE id = 3", "SELECT * FROM reviews WHERE book_id = 3",
        ]),
        // A short loop over a join: the roles of each of a project's three members.
        DetectorExample([
            "SELECT id, user_id FROM members WHERE project_id = 1",
            "SELECT roles.* FROM roles INNER JOIN member_roles ON roles.id = member_roles.role_id WHERE member_roles.member_id = 11",
            "SELECT roles.* FROM roles INNER JOIN member_roles ON roles.id = member_roles.role_id WHERE member_roles.member_id = 12",
            "SELECT roles.* FROM roles INNER JOIN member_roles ON roles.id = member_roles.role_id WHERE member_roles.member_id = 13",
        ]),
        // Placeholders without their values (a trace without captured parameters).
        DetectorExample([
            "SELECT id, author_id FROM books ORDER BY id LIMIT 3",
            "SELECT * FROM authors WHERE id = $1", "SELECT * FROM authors WHERE id = $1", "SELECT * FROM authors WHERE id = $1",
        ]),
        // COUNT per parent.
        DetectorExample([
            "SELECT COUNT(*) FROM books WHERE author_id = 7", "SELECT COUNT(*) FROM books WHERE author_id = 8",
            "SELECT COUNT(*) FROM books WHERE author_id = 9",
        ]),
        // Bound parameters (extended protocol, Rails).
        DetectorExample([
            "SELECT \"authors\".* FROM \"authors\" WHERE \"authors\".\"id\" = $1 LIMIT $2 -- 1, 1",
            "SELECT \"authors\".* FROM \"authors\" WHERE \"authors\".\"id\" = $1 LIMIT $2 -- 2, 1",
        ], profile: .test),
    ]

    public let nonTriggeringExamples = [
        // Batched already.
        DetectorExample(["SELECT * FROM books", "SELECT * FROM authors WHERE id IN (1, 2, 3)"]),
        // The same row three times is a repeated query, not an N+1.
        DetectorExample(["SELECT * FROM authors WHERE id = 1", "SELECT * FROM authors WHERE id = 1", "SELECT * FROM authors WHERE id = 1"]),
        // Below the threshold of the default profile.
        DetectorExample(["SELECT * FROM authors WHERE id = 1", "SELECT * FROM authors WHERE id = 2"]),
        // A pgbench transaction: different statements once each.
        DetectorExample([
            "BEGIN", "UPDATE pgbench_accounts SET abalance = abalance + -5 WHERE aid = 3",
            "SELECT abalance FROM pgbench_accounts WHERE aid = 3", "UPDATE pgbench_tellers SET tbalance = tbalance + -5 WHERE tid = 2",
            "UPDATE pgbench_branches SET bbalance = bbalance + -5 WHERE bid = 1",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (2, 1, 3, -5, CURRENT_TIMESTAMP)", "END",
        ]),
        // Catalog lookups by an ORM are not the application's N+1.
        DetectorExample([
            "SELECT typname FROM pg_catalog.pg_type WHERE oid = 1", "SELECT typname FROM pg_catalog.pg_type WHERE oid = 2",
            "SELECT typname FROM pg_catalog.pg_type WHERE oid = 3",
        ]),
    ]

    public func detect(in unit: UnitStatements, profile: DetectionProfile) -> [UnitFinding] {
        unit.loops(of: [.select], as: kind, profile: profile)
    }
}
