/// Groups the event stream into units of work and hands each unit over as soon as it closes,
/// so memory is bounded by the units still open, not by the log (docs/units.md).
///
/// In order of preference, an event belongs to:
/// 1. an explicit unit: its `unit` (JSONL, Rails request), else a `traceparent` trace id or a
///    `request_id` comment tag;
/// 2. else its session (process, connection; the input itself when the log has none), where
///    a unit is the statements between idle gaps (`IdleGapEstimator`, or `idleGap` when
///    given), or the whole session without timestamps. Transactions are inside units: a
///    request commits many times (a `save` per row), and its loop spans those commits.
///
/// One exception keeps benchmarks and batch workers apart. A request does something before
/// its loop (authenticates, loads the rows it loops over); a workload of independent
/// transactions (pgbench) does nothing but run the same transaction again and again. So a
/// stream that, since its first transaction began, holds `workloadTransactions` complete
/// transactions of one and the same statement sequence and nothing else (statements before
/// the first are allowed only from that sequence: the log may begin mid-transaction), is a
/// workload; so is any stream without a pause over `workloadDuration` and
/// `workloadStatements`, far longer and larger than a request. Each transaction, or each
/// statement outside one, is then its own unit until the session pauses. A job whose whole
/// body is ten identical transactions looks the same, and is treated the same.
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

    /// Open units and sessions are values changed in place where they are stored (a session
    /// in `states`, found by index): no object per unit or session, and so no reference
    /// counting and no run-time exclusivity check on the per-event path.
    private struct OpenUnit {
        var unit: UnitOfWork
        var firstTimestamp: Int64?
        var lastTimestamp: Int64?
        var inTransaction = false
        /// Since the first transaction began, every statement ran inside one (or opened or
        /// closed one). Statements before it may be the tail of a transaction the log began in.
        var onlyTransactions = true
        /// Where each transaction ended: the index of its COMMIT/ROLLBACK.
        var transactionEnds: [Int] = []
        /// The statement sequence of the first complete transaction, the one being read, and
        /// whether every transaction so far repeated the first.
        var template: [Fingerprint] = []
        var reading: [Fingerprint] = []
        var uniformTransactions = true
        /// Statements before the first transaction began.
        var prologue: [Fingerprint] = []

        init(_ unit: UnitOfWork) {
            self.unit = unit
            self.unit.events.reserveCapacity(8)
        }
    }

    private struct SessionState {
        var gaps = IdleGapEstimator()
        var lastEnd: Int64?
        var unitsStarted = 0
        var open: OpenUnit?
        /// The session runs a workload of independent transactions until its next pause.
        var workload = false
    }

    /// Identical transactions back to back, and nothing else, that make a stream a workload.
    public static let workloadTransactions = 10
    /// A stream without a pause longer than this (log time) and larger than
    /// `workloadStatements` is a workload too: no request runs that long without pausing.
    public static let workloadDuration: Int64 = 10_000_000
    public static let workloadStatements = 2_000

    public let options: Options
    /// The shortest pause that may end a unit, whatever was learned: a log whose clock has
    /// whole seconds only shows a pause as 1 s whether it lasted 1 ms or 1.9 s, so only a
    /// pause of 2 s or more on that clock is a real one (`coarseClockIdleGap`).
    public var minimumIdleGap: Int64 = 0
    public static let coarseClockIdleGap: Int64 = 1_500_000
    private var explicit: [String: OpenUnit] = [:]
    /// Sessions in the order they first appeared; `sessionIndex` finds one by name.
    private var states: [SessionState] = []
    private var sessionIndex: [String: Int] = [:]
    /// The sessions seen last, checked before hashing the name: a log interleaves a few
    /// busy sessions at a time.
    private var recentSessions: [(name: String, index: Int)] = []
    private var latestTimestamp: Int64 = .min
    private var eventsSinceSweep = 0
    /// Units idle this long in log time are closed by the sweep (explicit units have no end
    /// marker in most logs).
    private static let sweepHorizon: Int64 = 60_000_000

    public init(options: Options = Options()) {
        self.options = options
    }

    public mutating func add(_ analyzed: consuming AnalyzedEvent, emit: (UnitOfWork) -> Void) {
        if let timestamp = analyzed.event.timestamp, timestamp > latestTimestamp { latestTimestamp = timestamp }
        if let id = Self.explicitUnit(analyzed) {
            let session = analyzed.event.session
            let full = Self.append(
                analyzed, to: &explicit[id, default: OpenUnit(UnitOfWork(id: id, session: session, boundary: .explicit, events: []))],
                maximumEvents: options.maximumEvents)
            if full { close(explicit: id, emit: emit) }
        } else {
            addToSession(analyzed, emit: emit)
        }
        eventsSinceSweep += 1
        if eventsSinceSweep >= 4096 {
            eventsSinceSweep = 0
            sweep(emit: emit)
        }
    }

    /// Closes every open unit, in the order they started (then by id, for determinism).
    public mutating func finish(emit: (UnitOfWork) -> Void) {
        var remaining = explicit.values.map(\.unit)
        for index in states.indices {
            if let open = states[index].open.take() { remaining.append(open.unit) }
        }
        explicit = [:]
        remaining.sort { ($0.events.first?.event.line ?? 0, $0.id) < ($1.events.first?.event.line ?? 0, $1.id) }
        for unit in remaining where !unit.events.isEmpty { emit(unit) }
    }

    private mutating func addToSession(_ analyzed: consuming AnalyzedEvent, emit: (UnitOfWork) -> Void) {
        let name = analyzed.event.session ?? "input"
        let index = sessionState(name)
        Self.add(
            analyzed, named: name, to: &states[index], idleGap: options.idleGap, minimumIdleGap: minimumIdleGap, maximumEvents: options.maximumEvents,
            emit: emit)
    }

    private static func add(
        _ analyzed: consuming AnalyzedEvent, named name: String, to state: inout SessionState, idleGap: Int64?, minimumIdleGap: Int64,
        maximumEvents: Int, emit: (UnitOfWork) -> Void
    ) {
        let control = TransactionControl(analyzed.event.sql)

        // An idle gap closes the session's open unit, unless a transaction is open.
        if let timestamp = analyzed.event.timestamp {
            let start = timestamp - Int64((analyzed.event.durationMilliseconds ?? 0) * 1000)
            if let lastEnd = state.lastEnd {
                let gap = max(0, start - lastEnd)
                let threshold = max(idleGap ?? state.gaps.threshold, minimumIdleGap)
                if gap > threshold, state.open?.inTransaction == false, let open = state.open.take() {
                    close(open, emit: emit)
                    state.workload = false
                } else if gap > threshold, state.open == nil {
                    state.workload = false
                }
                state.gaps.record(gap: gap)
            }
            state.lastEnd = timestamp
        }
        // Taken out and put back: moved, not copied.
        var unit = state.open.take() ?? newUnit(of: &state, named: name, first: analyzed.event)
        let full = update(&unit, with: analyzed, control: control, tracking: !state.workload, maximumEvents: maximumEvents)
        if state.workload {
            // Each transaction, or each statement outside one, is its own unit.
            if unit.inTransaction { state.open = consume unit } else { close(consume unit, emit: emit) }
        } else if !unit.inTransaction && isWorkload(unit) {
            state.workload = true
            split(consume unit, emit: emit)
        } else if full {
            close(consume unit, emit: emit)
        } else {
            state.open = consume unit
        }
    }

    private static func newUnit(of state: inout SessionState, named name: String, first event: borrowing QueryEvent) -> OpenUnit {
        state.unitsStarted += 1
        let boundary: UnitOfWork.Boundary = state.workload ? .transaction : event.timestamp == nil ? .session : .idleGap
        var unit = OpenUnit(UnitOfWork(id: name + "#" + String(state.unitsStarted), session: event.session, boundary: boundary, events: []))
        unit.firstTimestamp = event.timestamp
        return unit
    }

    /// Adds a statement to the open unit of a session and follows its transactions; returns
    /// whether the unit reached its size limit. `tracking`: whether to record the unit's
    /// transactions to tell a workload (`isWorkload`); a session known to run one only needs
    /// to know where each transaction ends, and its units (one per transaction) then make no
    /// arrays besides their statements.
    private static func update(
        _ unit: inout OpenUnit, with analyzed: consuming AnalyzedEvent, control: TransactionControl, tracking: Bool, maximumEvents: Int
    ) -> Bool {
        guard tracking else {
            if control == .begin { unit.inTransaction = true }
            let full = append(analyzed, to: &unit, maximumEvents: maximumEvents)
            if control == .end { unit.inTransaction = false }
            return full
        }
        let fingerprint = analyzed.fingerprint
        if control == .begin { unit.inTransaction = true }
        if unit.inTransaction {
            unit.reading.append(fingerprint)
        } else if unit.transactionEnds.isEmpty {
            if unit.prologue.count < 64 { unit.prologue.append(fingerprint) } else { unit.onlyTransactions = false }
        } else {
            unit.onlyTransactions = false
        }
        let full = append(analyzed, to: &unit, maximumEvents: maximumEvents)
        if control == .end && unit.inTransaction {
            unit.inTransaction = false
            unit.transactionEnds.append(unit.unit.events.count - 1)
            if unit.template.isEmpty {
                unit.template = unit.reading
            } else if unit.reading != unit.template {
                unit.uniformTransactions = false
            }
            unit.reading.removeAll(keepingCapacity: true)
        }
        return full
    }

    /// Whether an open unit has shown itself to be a workload rather than a request.
    private static func isWorkload(_ unit: OpenUnit) -> Bool {
        if unit.onlyTransactions && unit.uniformTransactions && unit.transactionEnds.count >= Self.workloadTransactions
            && unit.prologue.allSatisfy(unit.template.contains)
        {
            return true
        }
        guard unit.unit.events.count >= Self.workloadStatements, let first = unit.firstTimestamp, let last = unit.lastTimestamp else { return false }
        return last - first >= Self.workloadDuration
    }

    /// Hands a workload's statements over as one unit per transaction (and per statement
    /// outside one).
    private static func split(_ open: consuming OpenUnit, emit: (UnitOfWork) -> Void) {
        var start = 0
        var piece = 0
        var ends = open.transactionEnds[...]
        let events = open.unit.events
        var index = 0
        var inTransaction = false
        while index < events.count {
            let control = TransactionControl(events[index].event.sql)
            if control == .begin { inTransaction = true }
            let endsHere = ends.first == index
            if endsHere { ends.removeFirst() }
            if endsHere || !inTransaction {
                piece += 1
                emit(UnitOfWork(id: "\(open.unit.id).\(piece)", session: open.unit.session, boundary: .transaction, events: Array(events[start...index])))
                start = index + 1
                inTransaction = false
            }
            index += 1
        }
        if start < events.count {
            emit(UnitOfWork(id: "\(open.unit.id).\(piece + 1)", session: open.unit.session, boundary: .transaction, events: Array(events[start...])))
        }
    }

    /// The index of a session's state in `states`, made when the session is new.
    private mutating func sessionState(_ name: String) -> Int {
        // By index: `for entry in recentSessions` would retain each entry's name.
        for recent in recentSessions.indices where recentSessions[recent].name == name { return recentSessions[recent].index }
        let index: Int
        if let existing = sessionIndex[name] {
            index = existing
        } else {
            index = states.count
            states.append(SessionState())
            sessionIndex[name] = index
        }
        if recentSessions.count == 8 { recentSessions.removeFirst() }
        recentSessions.append((name, index))
        return index
    }

    /// Appends; returns whether the unit reached its size limit (and must be closed).
    private static func append(_ analyzed: consuming AnalyzedEvent, to open: inout OpenUnit, maximumEvents: Int) -> Bool {
        if let timestamp = analyzed.event.timestamp { open.lastTimestamp = timestamp }
        open.unit.events.append(analyzed)
        guard open.unit.events.count >= maximumEvents else { return false }
        if open.unit.boundary == .transaction || open.unit.boundary == .explicit { open.unit.boundary = .idleGap }
        return true
    }

    private static func close(_ open: consuming OpenUnit, emit: (UnitOfWork) -> Void) {
        if !open.unit.events.isEmpty { emit(open.unit) }
    }

    private mutating func close(explicit id: String, emit: (UnitOfWork) -> Void) {
        if let open = explicit.removeValue(forKey: id) { Self.close(open, emit: emit) }
    }

    /// Closes units that have been quiet for a minute of log time.
    private mutating func sweep(emit: (UnitOfWork) -> Void) {
        guard latestTimestamp > .min else { return }
        func isStale(_ unit: OpenUnit) -> Bool {
            guard let last = unit.lastTimestamp else { return false }
            return latestTimestamp - last > Self.sweepHorizon
        }
        var stale: [(line: Int, id: String, unit: UnitOfWork)] = []
        for (id, unit) in explicit where isStale(unit) {
            stale.append((unit.unit.events.first?.event.line ?? 0, id, unit.unit))
            explicit[id] = nil
        }
        for index in states.indices {
            if let unit = states[index].open, isStale(unit) {
                stale.append((unit.unit.events.first?.event.line ?? 0, unit.unit.id, unit.unit))
                states[index].open = nil
            }
        }
        stale.sort { ($0.line, $0.id) < ($1.line, $1.id) }
        for entry in stale where !entry.unit.events.isEmpty { emit(entry.unit) }
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
        var copy = sql
        self = copy.withUTF8 { bytes in
            var index = 0
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
            var word: UInt64 = 0
            var length = 0
            while index < bytes.count, length < 9, (bytes[index] | 0x20) &- UInt8(ascii: "a") < 26 {
                word = word << 8 | UInt64(bytes[index] | 0x20)
                length += 1
                index += 1
            }
            func packed(_ text: StaticString) -> UInt64 {
                var value: UInt64 = 0
                for offset in 0..<text.utf8CodeUnitCount { value = value << 8 | UInt64(text.utf8Start[offset]) }
                return value
            }
            switch word {
            case packed("begin"), packed("start"): return .begin
            case packed("commit"), packed("end"), packed("rollback"), packed("abort"): return .end
            default: return .other
            }
        }
    }
}
