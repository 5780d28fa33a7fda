/// Groups the event stream into units of work and hands each unit over as soon as it closes,
/// so memory is bounded by the units still open, not by the log (docs/units.md).
///
/// In order of preference, an event belongs to:
/// 1. an explicit unit: its `unit` (JSONL, Rails request), else a `traceparent` trace id or a
///    `request_id` comment tag;
/// 2. else its session (process, connection; the input itself when the log has none), where
///    a unit is a transaction (BEGIN ... COMMIT/ROLLBACK), or the statements between idle gaps
///    (`IdleGapEstimator`, or `idleGap` when given), or the whole session without timestamps.
public struct UnitGrouper {
    public struct Options: Sendable {
        /// Forces the pause that ends a unit (microseconds) instead of learning it per session.
        public var idleGap: Int64?
        /// A unit is cut after this many statements, so one endless session cannot exhaust
        /// memory; the cut is reported as an inferred boundary.
        public var maximumEvents: Int

        public init(idleGap: Int64? = nil, maximumEvents: Int = 50_000) {
            self.idleGap = idleGap
            self.maximumEvents = maximumEvents
        }
    }

    private struct OpenUnit {
        var unit: UnitOfWork
        var lastTimestamp: Int64?
        var inTransaction = false
    }

    private struct SessionState {
        var gaps = IdleGapEstimator()
        var lastEnd: Int64?
        var unitsStarted = 0
    }

    public let options: Options
    private var open: [String: OpenUnit] = [:]
    private var sessions: [String: SessionState] = [:]
    private var latestTimestamp: Int64 = .min
    private var eventsSinceSweep = 0
    /// Units idle this long in log time are closed by the sweep (explicit units have no end
    /// marker in most logs).
    private static let sweepHorizon: Int64 = 60_000_000

    public init(options: Options = Options()) {
        self.options = options
    }

    public mutating func add(_ analyzed: AnalyzedEvent, emit: (UnitOfWork) -> Void) {
        let event = analyzed.event
        if let timestamp = event.timestamp, timestamp > latestTimestamp { latestTimestamp = timestamp }
        if let explicit = Self.explicitUnit(analyzed) {
            let key = "unit:" + explicit
            if open[key] == nil {
                open[key] = OpenUnit(unit: UnitOfWork(id: explicit, session: event.session, boundary: .explicit, events: []))
            }
            append(analyzed, to: key, emit: emit)
        } else {
            addToSession(analyzed, emit: emit)
        }
        eventsSinceSweep += 1
        if eventsSinceSweep >= 4096 {
            eventsSinceSweep = 0
            sweep(emit: emit)
        }
    }

    /// Closes every open unit, in the order they started (then by key, for determinism).
    public mutating func finish(emit: (UnitOfWork) -> Void) {
        let order = open.map { key, unit in (line: unit.unit.events.first?.event.line ?? 0, key: key) }
            .sorted { ($0.line, $0.key) < ($1.line, $1.key) }
        for (_, key) in order {
            if let unit = open.removeValue(forKey: key), !unit.unit.events.isEmpty { emit(unit.unit) }
        }
    }

    private mutating func addToSession(_ analyzed: AnalyzedEvent, emit: (UnitOfWork) -> Void) {
        let event = analyzed.event
        let session = event.session ?? "input"
        let key = "session:" + session
        var state = sessions[session] ?? SessionState()
        let control = TransactionControl(event.sql)

        // An idle gap closes the session's open unit, unless a transaction is open.
        if let timestamp = event.timestamp {
            let start = timestamp - Int64((event.durationMilliseconds ?? 0) * 1000)
            if let lastEnd = state.lastEnd {
                let gap = max(0, start - lastEnd)
                let threshold = options.idleGap ?? state.gaps.threshold
                if gap > threshold, let current = open[key], !current.inTransaction {
                    close(key, emit: emit)
                }
                state.gaps.record(gap: gap)
            }
            state.lastEnd = timestamp
        }
        if control == .begin, let current = open[key], !current.unit.events.isEmpty {
            close(key, emit: emit)
        }
        if open[key] == nil {
            state.unitsStarted += 1
            let boundary: UnitOfWork.Boundary = event.timestamp == nil ? .session : .idleGap
            open[key] = OpenUnit(unit: UnitOfWork(id: "\(session)#\(state.unitsStarted)", session: event.session, boundary: boundary, events: []))
        }
        sessions[session] = state
        if control == .begin {
            open[key]?.inTransaction = true
            open[key]?.unit.boundary = .transaction
        }
        append(analyzed, to: key, emit: emit)
        if control == .end, open[key]?.inTransaction == true {
            close(key, emit: emit)
        }
    }

    private mutating func append(_ analyzed: AnalyzedEvent, to key: String, emit: (UnitOfWork) -> Void) {
        open[key]?.unit.events.append(analyzed)
        if let timestamp = analyzed.event.timestamp { open[key]?.lastTimestamp = timestamp }
        if let count = open[key]?.unit.events.count, count >= options.maximumEvents {
            if open[key]?.unit.boundary == .transaction || open[key]?.unit.boundary == .explicit {
                open[key]?.unit.boundary = .idleGap
            }
            close(key, emit: emit)
        }
    }

    private mutating func close(_ key: String, emit: (UnitOfWork) -> Void) {
        if let unit = open.removeValue(forKey: key), !unit.unit.events.isEmpty { emit(unit.unit) }
    }

    /// Closes units that have been quiet for a minute of log time.
    private mutating func sweep(emit: (UnitOfWork) -> Void) {
        guard latestTimestamp > .min else { return }
        let stale = open.compactMap { key, unit -> (line: Int, key: String)? in
            guard let last = unit.lastTimestamp, latestTimestamp - last > Self.sweepHorizon else { return nil }
            return (unit.unit.events.first?.event.line ?? 0, key)
        }.sorted { ($0.line, $0.key) < ($1.line, $1.key) }
        for (_, key) in stale { close(key, emit: emit) }
    }

    /// The explicit unit of an event: its own, then a trace id, then a request id tag.
    static func explicitUnit(_ analyzed: AnalyzedEvent) -> String? {
        if let unit = analyzed.event.unit, !unit.isEmpty { return unit }
        for tag in analyzed.tags {
            switch tag.key {
            case "traceparent":
                // version-traceid-parentid-flags: the trace id names the request.
                let parts = tag.value.split(separator: "-")
                if parts.count >= 2 { return "trace:" + parts[1] }
            case "request_id", "request-id", "requestId", "x-request-id":
                return "request:" + tag.value
            default:
                continue
            }
        }
        return nil
    }
}

/// Whether a statement opens or closes a transaction, read from its first word without lexing.
enum TransactionControl {
    case begin, end, other

    init(_ sql: String) {
        var word: [UInt8] = []
        for byte in sql.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ";") {
                if word.isEmpty { continue }
                break
            }
            word.append(byte | 0x20)
            if word.count > 8 { break }
        }
        switch String(decoding: word, as: UTF8.self) {
        case "begin", "start": self = .begin
        case "commit", "end", "rollback", "abort": self = .end
        default: self = .other
        }
    }
}
