import QueryLensCore
import Testing

/// The grouping rules of docs/units.md, one by one, with positive and negative cases.
@Suite("Units of work")
struct UnitGrouperTests {
    private func event(_ sql: String, at milliseconds: Int64?, session: String? = "1", unit: String? = nil, line: Int) -> QueryEvent {
        QueryEvent(sql: sql, timestamp: milliseconds.map { $0 * 1000 }, durationMilliseconds: 0.1, session: session, unit: unit, line: line)
    }

    @Test func aRequestsTransactionsAreInsideItsUnit() {
        // A request that loads rows, then saves each in its own transaction (Rails' `save`,
        // Django's `get_or_create`): the loop spans the commits, so it is one unit.
        var events = [event("SELECT * FROM users WHERE id = 1", at: 0, line: 1), event("SELECT * FROM images WHERE page_id = 7", at: 1, line: 2)]
        for row in 0..<12 {
            for sql in ["BEGIN", "INSERT INTO renditions (image_id) VALUES (\(row))", "COMMIT"] {
                events.append(event(sql, at: 2 + Int64(events.count) / 8, line: events.count + 1))
            }
        }
        let grouped = units(events)
        #expect(grouped.map(\.events.count) == [38])
        #expect(grouped[0].boundary == .idleGap)
    }

    @Test func aWorkloadOfIdenticalTransactionsIsOneUnitPerTransaction() {
        // pgbench-style: nothing but the same transaction again and again, back to back (the
        // log may begin in the middle of one).
        var events = [event("SELECT x FROM a WHERE id = 5", at: 0, line: 1), event("END", at: 0, line: 2)]
        for transaction in 0..<12 {
            let start = Int64(transaction) * 2
            for (offset, sql) in ["BEGIN", "UPDATE a SET x = 1 WHERE id = \(transaction)", "SELECT x FROM a WHERE id = \(transaction)", "END"].enumerated() {
                events.append(event(sql, at: start + Int64(offset) / 4, line: events.count + 1))
            }
        }
        let grouped = units(events)
        // The two statements of the cut transaction, then one unit per transaction.
        #expect(grouped.count == 2 + 12)
        #expect(grouped.dropFirst(2).allSatisfy { $0.events.count == 4 && $0.boundary == .transaction && !$0.isInferred })
    }

    @Test func nineIdenticalTransactionsAreStillARequest() {
        var events: [QueryEvent] = []
        for transaction in 0..<(UnitGrouper.workloadTransactions - 1) {
            for sql in ["BEGIN", "UPDATE a SET x = 1 WHERE id = \(transaction)", "END"] {
                events.append(event(sql, at: Int64(events.count) / 8, line: events.count + 1))
            }
        }
        #expect(units(events).map(\.events.count) == [3 * (UnitGrouper.workloadTransactions - 1)])
    }

    @Test func aPauselessStreamFarLongerThanARequestIsAWorkload() {
        // Autocommit statements, 2 ms apart, for 12 s: no request runs that long without pausing.
        let count = 6_000
        let events = (0..<count).map { event("SELECT abalance FROM accounts WHERE aid = \($0)", at: Int64($0) * 2, line: $0 + 1) }
        let grouped = units(events)
        #expect(grouped.count > count / 2)
        #expect(grouped.allSatisfy { $0.events.count < UnitGrouper.workloadStatements })
    }

    @Test func aLearnedIdleGapSplitsRequestsButNotTheirStatements() {
        var events: [QueryEvent] = []
        for request in 0..<4 {
            for statement in 0..<6 {
                events.append(event("SELECT * FROM authors WHERE id = \(statement)", at: Int64(request) * 300 + Int64(statement), line: events.count + 1))
            }
        }
        let grouped = units(events)
        #expect(grouped.map(\.events.count) == [6, 6, 6, 6])
        #expect(grouped.allSatisfy { $0.boundary == .idleGap && $0.isInferred })
        #expect(grouped.map(\.id) == ["1#1", "1#2", "1#3", "1#4"])
    }

    @Test func aWholeSecondClockSplitsOnlyAtTwoSeconds() {
        // A request's statements straddle a second boundary (1 s apart on the clock), then a
        // pause of 3 s: with whole-second timestamps only the pause ends the unit.
        let seconds: [Int64] = [0, 0, 0, 1, 1, 1, 4, 4, 4]
        let events = seconds.enumerated().map { event("SELECT * FROM authors WHERE id = \($0.offset)", at: $0.element * 1000, line: $0.offset + 1) }
        func grouped(minimumIdleGap: Int64) -> [Int] {
            var normalizer = Normalizer()
            var grouper = UnitGrouper()
            grouper.minimumIdleGap = minimumIdleGap
            var result: [Int] = []
            for event in events {
                let (fingerprint, tags) = normalizer.fingerprintAndTags(of: event.sql)
                grouper.add(AnalyzedEvent(event: event, fingerprint: fingerprint, tags: tags)) { result.append($0.events.count) }
            }
            grouper.finish { result.append($0.events.count) }
            return result
        }
        #expect(grouped(minimumIdleGap: UnitGrouper.coarseClockIdleGap) == [6, 3])
        // Taken at face value, the 1 s tick would cut the request in two.
        #expect(grouped(minimumIdleGap: 0) == [3, 3, 3])
    }

    @Test func aGivenIdleGapOverridesTheLearnedOne() {
        let events = (0..<6).map { event("SELECT \($0)", at: Int64($0) * 20, line: $0 + 1) }
        #expect(units(events).count == 1)
        #expect(units(events, idleGap: 5_000).count == 6)
    }

    @Test func sessionsAreSeparateEvenWhenInterleaved() {
        let events = (0..<6).map { event("SELECT \($0)", at: Int64($0), session: $0 % 2 == 0 ? "a" : "b", line: $0 + 1) }
        #expect(units(events).map(\.session) == ["a", "b"])
    }

    @Test func withoutTimestampsASessionIsOneUnit() {
        let events = (0..<5).map { event("SELECT \($0)", at: nil, session: nil, line: $0 + 1) }
        let grouped = units(events)
        #expect(grouped.count == 1)
        #expect(grouped[0].boundary == .session)
    }

    @Test func explicitUnitsWinOverSessions() {
        let events = [
            event("SELECT 1", at: 0, unit: "req-1", line: 1),
            event("SELECT 2", at: 1, unit: "req-2", line: 2),
            event("SELECT 3", at: 2, unit: "req-1", line: 3),
            event("SELECT 4 /*traceparent='00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'*/", at: 3, line: 4),
            event("SELECT 5 /*request_id='r9'*/", at: 4, line: 5),
            event("SELECT 6", at: 5, line: 6),
        ]
        let grouped = units(events)
        #expect(grouped.map(\.id) == ["req-1", "req-2", "trace:0af7651916cd43dd8448eb211c80319c", "request:r9", "1#1"])
        #expect(grouped[0].events.map(\.event.line) == [1, 3])
    }

    @Test func quietUnitsAreReleasedBeforeTheEnd() {
        // 5,000 one-statement requests a second apart: the sweep must close old ones early.
        var normalizer = Normalizer()
        var grouper = UnitGrouper()
        var closedEarly = 0
        for index in 0..<5000 {
            let event = event("SELECT 1", at: Int64(index) * 1000, unit: "r\(index)", line: index + 1)
            let (fingerprint, tags) = normalizer.fingerprintAndTags(of: event.sql)
            grouper.add(AnalyzedEvent(event: event, fingerprint: fingerprint, tags: tags)) { _ in closedEarly += 1 }
        }
        #expect(closedEarly > 4000)
    }

    @Test func endlessSessionsAreCut() {
        var normalizer = Normalizer()
        var grouper = UnitGrouper(options: .init(maximumEvents: 100))
        var sizes: [Int] = []
        for index in 0..<250 {
            let event = event("SELECT 1", at: nil, line: index + 1)
            let (fingerprint, tags) = normalizer.fingerprintAndTags(of: event.sql)
            grouper.add(AnalyzedEvent(event: event, fingerprint: fingerprint, tags: tags)) { sizes.append($0.events.count) }
        }
        grouper.finish { sizes.append($0.events.count) }
        #expect(sizes == [100, 100, 50])
    }
}
