import QueryLensCore
import Testing

@Suite("Normalizer")
struct NormalizerTests {
    @Test func literalsBecomeNumberedPlaceholders() {
        let statement = normalized("select * from books where author_id = 42 and title = 'x' and price > -3.5")
        #expect(statement.text == "SELECT * FROM books WHERE author_id = $1 AND title = $2 AND price > $3")
        #expect(statement.placeholders.map { $0.values.map(\.text) } == [["42"], ["'x'"], ["-3.5"]])
    }

    @Test func binaryMinusStaysAnOperator() {
        #expect(normalized("SELECT a - 1 FROM t").text == "SELECT a - $1 FROM t")
        #expect(normalized("UPDATE a SET b = b + -2505 WHERE aid = 7").text == "UPDATE a SET b = b + $1 WHERE aid = $2")
    }

    @Test func quotingStyleDoesNotSplitFingerprints() {
        let plain = normalized("SELECT books.author_id FROM books WHERE books.id = 1")
        #expect(normalized("SELECT \"books\".\"author_id\" FROM \"books\" WHERE \"books\".\"id\" = 2").fingerprint == plain.fingerprint)
        #expect(normalized("select `books`.author_id from [books] where BOOKS.ID = ?").fingerprint == plain.fingerprint)
        #expect(normalized("SELECT \"books\".\"author_id\" FROM \"books\" WHERE \"books\".\"id\" = 2").text == "SELECT books.author_id FROM books WHERE books.id = $1")
    }

    @Test func caseSensitiveQuotedNamesStayApart() {
        #expect(normalized("SELECT * FROM \"Books\"").fingerprint != normalized("SELECT * FROM books").fingerprint)
        #expect(normalized("SELECT \"order\" FROM t").text == "SELECT \"order\" FROM t")
    }

    @Test func listLengthDoesNotChangeTheFingerprint() {
        let one = normalized("SELECT * FROM t WHERE id IN (1)")
        let three = normalized("SELECT * FROM t WHERE id IN (1, 2, 3)")
        let params = normalized("SELECT * FROM t WHERE id IN ($1, $2, $3, $4)")
        #expect(one.fingerprint == three.fingerprint && three.fingerprint == params.fingerprint)
        #expect(three.text == "SELECT * FROM t WHERE id IN ($1, ...)")
        #expect(three.keysPerExecution == 3)
        #expect(params.keysPerExecution == 4)
        #expect(normalized("SELECT * FROM t WHERE id = ANY(ARRAY[1,2])").fingerprint == normalized("SELECT * FROM t WHERE id = ANY(ARRAY[5])").fingerprint)
        #expect(normalized("SELECT * FROM t WHERE id IN ('a'::text, 'b'::text)").fingerprint == normalized("SELECT * FROM t WHERE id IN ('c'::text)").fingerprint)
    }

    @Test func equalityAndBatchedFormsStayDifferent() {
        let single = normalized("SELECT * FROM books WHERE author_id = $1").fingerprint
        #expect(single != normalized("SELECT * FROM books WHERE author_id = ANY($1)").fingerprint)
        #expect(single != normalized("SELECT * FROM books WHERE author_id IN ($1, $2)").fingerprint)
        #expect(normalized("SELECT * FROM books WHERE author_id = $1").keysPerExecution == nil)
    }

    @Test func multiRowValuesCollapseButStayApartFromOneRow() {
        let two = normalized("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')")
        let five = normalized("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z'), (4, 'w'), (5, 'v') RETURNING id")
        #expect(two.text == "INSERT INTO t (a, b) VALUES ($1, $2), ...")
        #expect(five.text == "INSERT INTO t (a, b) VALUES ($1, $2), ... RETURNING id")
        #expect(five.keysPerExecution == 5)
        #expect(two.fingerprint == normalized("INSERT INTO t (a, b) VALUES (7, 'q'), (8, 'r'), (9, 's')").fingerprint)
        #expect(two.fingerprint != normalized("INSERT INTO t (a, b) VALUES (1, 'x')").fingerprint)
    }

    @Test func whitespaceCaseAndCommentsDoNotMatter() {
        let a = normalized("SELECT  id\n\tFROM books -- trailing\n WHERE id = 1;")
        let b = normalized("select id /* c */ from BOOKS where ID=2")
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.text == "SELECT id FROM books WHERE id = $1")
    }

    @Test func differentStatementsHaveDifferentFingerprints() {
        let texts = [
            "SELECT * FROM books WHERE author_id = $1",
            "SELECT * FROM books WHERE author_id = $1 LIMIT $2",
            "SELECT * FROM books WHERE author_id > $1",
            "SELECT * FROM books WHERE author_id IS NULL",
            "SELECT * FROM authors WHERE author_id = $1",
            "SELECT id FROM books WHERE author_id = $1",
            "DELETE FROM books WHERE author_id = $1",
        ]
        #expect(Set(texts.map { normalized($0).fingerprint }).count == texts.count)
    }

    @Test func fingerprintsAreStableAcrossRunsAndMachines() {
        // Pinned values: if this fails the algorithm changed, and `Fingerprint.version` must too.
        #expect(normalized("SELECT * FROM books WHERE author_id = 1").fingerprint.description == "3be7f1314952cdfa")
        #expect(normalized("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2").fingerprint.description == "8e5ff4a5bb0a9882")
    }

    @Test func fastPathAgreesWithFullPath() throws {
        var normalizer = Normalizer()
        for sql in ["SELECT 1", "INSERT INTO t VALUES (1),(2)", "SELECT * FROM t WHERE a IN (1,2) AND b = 'x' /* c='d' */", ""] {
            let full = normalizer.normalize(sql).fingerprint
            #expect(normalizer.fingerprint(of: sql) == full)
        }
    }

    @Test func sqlcommenterTagsAreExtractedAndDecoded() {
        let statement = normalized("SELECT 1 /*controller='users',action='show',route='%5Epolls/%24',traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/")
        #expect(statement.tags == [
            CommentTag(key: "controller", value: "users"), CommentTag(key: "action", value: "show"),
            CommentTag(key: "route", value: "^polls/$"),
            CommentTag(key: "traceparent", value: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ])
        #expect(statement.text == "SELECT $1")
    }

    @Test func marginaliaTagsAreExtracted() {
        let statement = normalized("SELECT posts.* FROM posts /*application:Blog,controller:posts,action:index*/")
        #expect(statement.tags.map(\.key) == ["application", "controller", "action"])
        #expect(statement.tags.last?.value == "index")
    }

    @Test func proseCommentsAreNotTags() {
        #expect(normalized("SELECT 1 /* load the authors, then the books */").tags.isEmpty)
        #expect(normalized("SELECT 1 -- controller='x'").tags.isEmpty)
    }

    @Test func recordedValuesBecomeSQLLiterals() {
        var normalizer = Normalizer()
        let inline = QueryEvent(sql: "SELECT * FROM t WHERE a = 5 AND b = 'it''s' AND c IN (1, 2) AND d = -3", line: 1)
        #expect(RecordedValues.literals(for: inline, normalizer: &normalizer) == ["5", "'it''s'", "NULL", "-3"])
        let bound = QueryEvent(sql: "SELECT * FROM t WHERE b = $2 AND a = $1", parameters: ["7", "O'Brien"], line: 1)
        #expect(RecordedValues.literals(for: bound, normalizer: &normalizer) == ["'O''Brien'", "'7'"])
        let questionMarks = QueryEvent(sql: "SELECT * FROM t WHERE a = ? AND b = ?", parameters: ["1", nil], line: 1)
        #expect(RecordedValues.literals(for: questionMarks, normalizer: &normalizer) == ["'1'", "NULL"])
    }

    @Test func parametersKeepTheirOriginalNames() {
        let statement = normalized("SELECT * FROM t WHERE b = $2 AND a = $1 AND c IN (?, ?)")
        #expect(statement.text == "SELECT * FROM t WHERE b = $1 AND a = $2 AND c IN ($3, ...)")
        #expect(statement.placeholders.map(\.values) == [
            [PlaceholderValue(isParameter: true, text: "$2")], [PlaceholderValue(isParameter: true, text: "$1")],
            [PlaceholderValue(isParameter: true, text: "?"), PlaceholderValue(isParameter: true, text: "?")],
        ])
        #expect(statement.placeholders.map(\.isList) == [false, false, true])
    }
}
