import QueryLensCore
import QueryLensRecorder
import Testing

/// The recording state machine on message sequences of real protocol exchanges.
@Suite("Connection recorder")
struct ConnectionRecorderTests {
    final class Events: @unchecked Sendable { var all: [QueryEvent] = [] }

    private func recorder() -> (ConnectionRecorder, Events) {
        let events = Events()
        var now: Int64 = 1_000_000
        let recorder = ConnectionRecorder(session: "c1", clock: { now += 500; return now }, emit: { events.all.append($0) })
        recorder.client(.startup(version: 196_608, parameters: ["user": "app", "database": "shop", "application_name": "web"]))
        return (recorder, events)
    }

    @Test func simpleQueriesOneEventPerStatement() {
        let (recorder, events) = recorder()
        recorder.client(.query("SELECT 1; UPDATE t SET a = 1"))
        recorder.server(.commandComplete(tag: "SELECT 1"))
        recorder.server(.commandComplete(tag: "UPDATE 3"))
        recorder.server(.readyForQuery(status: UInt8(ascii: "I")))
        #expect(events.all.map(\.sql) == ["SELECT 1", "UPDATE t SET a = 1"])
        #expect(events.all.map(\.rows) == [1, 3])
        #expect(events.all.allSatisfy { $0.user == "app" && $0.database == "shop" && $0.application == "web" && $0.session == "c1" })
        #expect(events.all.allSatisfy { ($0.durationMilliseconds ?? 0) > 0 })
    }

    @Test func anErrorStopsTheRestOfASimpleQuery() {
        let (recorder, events) = recorder()
        recorder.client(.query("SELECT nope; SELECT 2"))
        recorder.server(.error(code: "42703", message: "column \"nope\" does not exist"))
        recorder.server(.readyForQuery(status: UInt8(ascii: "I")))
        recorder.client(.query("SELECT 3"))
        recorder.server(.commandComplete(tag: "SELECT 1"))
        recorder.server(.readyForQuery(status: UInt8(ascii: "I")))
        #expect(events.all.map(\.sql) == ["SELECT nope", "SELECT 3"])
        #expect(events.all.first?.error == "42703: column \"nope\" does not exist")
    }

    @Test func namedPreparedStatementsAreResolvedAcrossExecutions() {
        let (recorder, events) = recorder()
        recorder.client(.parse(statement: "P_1", query: "SELECT * FROM authors WHERE id = $1"))
        recorder.client(.sync)
        recorder.server(.readyForQuery(status: UInt8(ascii: "I")))
        for id in ["4", "7"] {
            recorder.client(.bind(portal: "", statement: "P_1", parameters: [id]))
            recorder.client(.execute(portal: ""))
            recorder.client(.sync)
            recorder.server(.commandComplete(tag: "SELECT 1"))
            recorder.server(.readyForQuery(status: UInt8(ascii: "I")))
        }
        #expect(events.all.map(\.sql) == ["SELECT * FROM authors WHERE id = $1", "SELECT * FROM authors WHERE id = $1"])
        #expect(events.all.map(\.parameters) == [["4"], ["7"]])
    }

    @Test func pipelinedExecutionsAfterAnErrorAreSkippedUntilSync() {
        let (recorder, events) = recorder()
        for (name, sql) in [("a", "SELECT 1"), ("b", "SELECT nope"), ("c", "SELECT 3")] {
            recorder.client(.parse(statement: name, query: sql))
            recorder.client(.bind(portal: "", statement: name, parameters: []))
            recorder.client(.execute(portal: ""))
        }
        recorder.client(.sync)
        recorder.server(.commandComplete(tag: "SELECT 1"))
        recorder.server(.error(code: "42703", message: "no"))
        recorder.server(.readyForQuery(status: UInt8(ascii: "I")))
        recorder.client(.query("SELECT 4"))
        recorder.server(.commandComplete(tag: "SELECT 1"))
        recorder.server(.readyForQuery(status: UInt8(ascii: "I")))
        #expect(events.all.map(\.sql) == ["SELECT 1", "SELECT nope", "SELECT 4"])
        #expect(events.all.map { $0.error != nil } == [false, true, false])
    }
}
