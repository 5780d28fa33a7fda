import Foundation
import QueryLensCore
import Testing

/// Traces arriving span by span: when one is whole, and what the bounds do.
@Suite("Open traces")
struct OpenTracesTests {
    private static let second: Int64 = 1_000_000_000

    private func span(_ trace: String, parent: String = "p", kind: TraceSpan.Kind = .client, sql: String? = "SELECT * FROM authors WHERE id = 1", start: Int64 = 0) -> TraceSpan {
        var span = TraceSpan()
        span.traceID = trace
        span.spanID = "s\(start)"
        span.parentSpanID = parent
        span.kind = kind
        span.start = start
        span.end = start + 1000
        span.statement = sql
        return span
    }

    private func root(_ trace: String, route: String = "/books/") -> TraceSpan {
        var server = span(trace, parent: "", kind: .server, sql: nil)
        server.method = "GET"
        server.route = route
        return server
    }

    @Test func aTraceClosesWhenItsRootCameAndNothingMoreForTheIdleTime() {
        var open = OpenTraces(options: .init(idleNanoseconds: 2 * Self.second, timeoutNanoseconds: 60 * Self.second))
        open.add([span("t1", start: 20), span("t1", start: 10)], now: 0)
        // No root yet: still open however long the pause (until the timeout).
        #expect(open.close(now: 10 * Self.second).isEmpty)
        open.add([root("t1")], now: 10 * Self.second)
        #expect(open.close(now: 11 * Self.second).isEmpty)
        let closed = open.close(now: 12 * Self.second)
        #expect(closed.count == 1 && closed[0].hasRoot && closed[0].route == "GET /books/")
        // In start order, in the route's unit, the route as their source.
        #expect(closed[0].events.map(\.timestamp) == [0, 0])
        #expect(closed[0].events.allSatisfy { $0.unit == "GET /books/ (trace t1)" && $0.source == "GET /books/" })
        #expect(open.count == 0 && open.counters.closedTraces == 1 && open.counters.tracesWithoutRoot == 0)
    }

    @Test func aTraceWithoutItsRootClosesOnTheTimeout() {
        var open = OpenTraces(options: .init(idleNanoseconds: Self.second, timeoutNanoseconds: 5 * Self.second))
        open.add([span("t2")], now: 0)
        #expect(open.close(now: 4 * Self.second).isEmpty)
        let closed = open.close(now: 5 * Self.second)
        #expect(closed.count == 1 && !closed[0].hasRoot && closed[0].events.first?.unit == "trace:t2")
        #expect(open.counters.tracesWithoutRoot == 1)
    }

    @Test func boundsAreCountedNeverSilent() {
        var open = OpenTraces(options: .init(maximumTraces: 2, maximumEventsPerTrace: 3))
        open.add((0..<5).map { span("t3", start: Int64($0)) }, now: 0)
        #expect(open.counters.droppedEvents == 2 && open.heldEvents == 3)
        #expect(!open.isFull)
        open.add([span("t4")], now: 0)
        #expect(open.isFull)
        // Spans without a trace id cannot belong to a unit: rejected, counted.
        #expect(open.add([span("")], now: 0) == 1 && open.counters.rejectedSpans == 1)
        #expect(open.closeAll().count == 2 && open.count == 0)
    }

    @Test func spansThatAreNeitherStatementsNorCallsKeepNothingButTheRoute() {
        var open = OpenTraces()
        var internalSpan = span("t5", kind: .internal, sql: nil)
        internalSpan.method = "GET"
        open.add([internalSpan, root("t5")], now: 0)
        #expect(open.heldEvents == 0)
        #expect(open.closeAll().first?.events.isEmpty == true)
    }
}
