/// Turns PostgreSQL log messages into one event per statement execution.
///
/// - `duration: X ms  statement: SQL` (log_min_duration_statement) is one execution.
/// - `statement: SQL` (log_statement) is one execution whose `duration: X ms` comes later, on
///   its own, from the same process: they are joined.
/// - Extended protocol: `execute NAME: SQL` is the execution; `parse` and `bind` are steps of
///   it and not counted; `DETAIL:  parameters: $1 = '5', $2 = NULL` attaches the values;
///   `execute fetch from PORTAL` continues an execution already counted.
/// - `ERROR:` then `STATEMENT:  SQL`: the failed statement, once, with its error, even when
///   log_statement already logged it.
struct PostgresEventAssembler {
    /// What is open on one server process: the execution waiting for a DETAIL, a duration or
    /// an error; whether a parse or bind step is open (its DETAIL parameters are not ours);
    /// the error whose STATEMENT has not come yet. Kept in an array, changed in place.
    private struct ProcessState {
        /// Kept apart from `awaitingDuration` so that handing it over moves it (a field of a
        /// struct taken out would be copied, every string retained, and the rest released).
        var pending: QueryEvent?
        var awaitingDuration = false
        /// Read through a field of the event: `pending != nil` on an element of `states`
        /// copied the whole event out of the array to test it.
        var hasPending: Bool { pending?.line != nil }
        var inProtocolStep = false
        var pendingError: String?
        /// The process id as the events' session, made once per process (and connection).
        var session: String?
        var connections = 1
    }

    private var processes = ProcessIndex()
    private var states: [ProcessState] = []

    @inline(__always)
    private mutating func state(_ process: Int) -> Int {
        let index = processes.index(of: process)
        if index == states.count { states.append(ProcessState()) }
        return index
    }

    private(set) var ignoredMessages = 0
    private var origins = InternedOrigin()
    private(set) var recordsHandled = 0
    private(set) var eventsEmitted = 0

    /// Explains an empty result instead of hiding it.
    static let noStatementsWarning =
        "read server messages but no statements: statement logging is off (set log_min_duration_statement = 0 or log_statement = 'all'), or the server writes its messages in another language (set lc_messages = 'C')"

    mutating func handle(_ record: PostgresRecord, emit: (consuming QueryEvent) -> Void) {
        recordsHandled += 1
        // Looked up once per message; everything below works on this process's slot.
        let slot = state(record.process)
        switch record.severity {
        case .log:
            handleLog(record, slot: slot, emit: emit)
        case .detail:
            guard !states[slot].inProtocolStep, states[slot].hasPending else {
                ignoredMessages += 1
                return
            }
            if let values = Self.parameters(of: record, in: record.message) { states[slot].pending?.parameters = values }
        case .error, .fatal, .panic:
            var error = record.message.string
            if let state = record.sqlState { error = "\(state): \(error)" }
            if let query = record.query {
                attachError(error, sql: query, record: record, slot: slot, emit: emit)
            } else {
                states[slot].pendingError = error
            }
        case .statement:
            if let error = states[slot].pendingError {
                states[slot].pendingError = nil
                attachError(error, sql: record.message, record: record, slot: slot, emit: emit)
            } else {
                ignoredMessages += 1
            }
        case .other:
            ignoredMessages += 1
        }
    }

    /// `linesWithoutSeverity`: lines that had the log's prefix but no English severity word; a
    /// log of only those was written in another language, which the warning says.
    mutating func finish(emit: (consuming QueryEvent) -> Void, diagnostics: inout ReadDiagnostics, linesWithoutSeverity: Int = 0) {
        for (_, slot) in processes.all.sorted(by: { $0.process < $1.process }) {
            if let open = states[slot].pending.take() {
                eventsEmitted += 1
                emit(open)
            }
        }
        diagnostics.ignoredLines += ignoredMessages
        if eventsEmitted == 0 && (recordsHandled > 0 || linesWithoutSeverity > 0) { diagnostics.warn(Self.noStatementsWarning) }
    }

    /// What a LOG message says, read without any memory of earlier messages (piece workers
    /// call this too, to make the statement's text ahead of the assembler).
    enum LogMessage {
        /// `statement: SQL` or `execute NAME: SQL`, after `duration: X ms  ` when both are logged.
        case statement(sql: UnsafeRawBufferPointer, duration: Double?)
        /// `duration: X ms` alone: it closes the execution logged earlier by log_statement.
        case duration(Double)
        /// `parse NAME: …` or `bind NAME: …`: a step of an execution logged later.
        case protocolStep
        /// `connection received: …` (log_connections): a new session on the process.
        case connection
        /// Anything else, `execute fetch from …` included (it continues an execution).
        case other
    }

    static func logMessage(_ message: UnsafeRawBufferPointer) -> LogMessage {
        var message = message
        var duration: Double?
        if message.hasPrefix("duration: "), let (value, end) = message.decimal(at: 10), message.hasPrefix(" ms", at: end) {
            duration = value
            message = message.slice(from: end + 3)
            if message.hasPrefix("  ") { message = message.slice(from: 2) }
            if message.count == 0 { return .duration(value) }
        }
        if message.hasPrefix("statement: ") {
            return .statement(sql: message.slice(from: 11), duration: duration)
        } else if message.hasPrefix("execute ") {
            guard let colon = message.firstOffset(of: ": "), !message.hasPrefix("execute fetch from ") else { return .other }
            return .statement(sql: message.slice(from: colon + 2), duration: duration)
        } else if message.hasPrefix("parse ") || message.hasPrefix("bind ") {
            return .protocolStep
        } else if message.hasPrefix("connection received: ") {
            return .connection
        }
        return .other
    }

    private mutating func handleLog(_ record: PostgresRecord, slot: Int, emit: (consuming QueryEvent) -> Void) {
        switch Self.logMessage(record.message) {
        case .statement(let sql, let duration):
            start(record, sql: sql, duration: duration, slot: slot, emit: emit)
        case .duration(let value):
            if states[slot].hasPending && states[slot].awaitingDuration {
                states[slot].pending?.durationMilliseconds = value
                states[slot].awaitingDuration = false
            } else {
                ignoredMessages += 1
            }
        case .protocolStep:
            flush(slot, emit: emit)
            states[slot].inProtocolStep = true
            ignoredMessages += 1
        case .connection:
            // `log_connections`: a new connection, and so a new session, even when the process
            // id was used before (`4242`, then `4242/2`).
            flush(slot, emit: emit)
            if states[slot].session != nil {
                states[slot].connections += 1
                states[slot].session = "\(record.process)/\(states[slot].connections)"
            }
            ignoredMessages += 1
        case .other:
            ignoredMessages += 1
        }
    }

    private mutating func start(_ record: PostgresRecord, sql: UnsafeRawBufferPointer, duration: Double?, slot: Int, emit: (consuming QueryEvent) -> Void) {
        flush(slot, emit: emit)
        states[slot].inProtocolStep = false
        // Made by a call: its result moves into the state, where a local variable would be
        // copied (every reference retained) and then destroyed.
        states[slot].pending = event(from: record, sql: sql, slot: slot, duration: duration, withDetail: true)
        states[slot].awaitingDuration = duration == nil
    }

    private mutating func attachError(_ error: String, sql: UnsafeRawBufferPointer, record: PostgresRecord, slot: Int, emit: (consuming QueryEvent) -> Void) {
        if states[slot].pending?.sql.utf8.elementsEqual(sql) == true, var open = states[slot].pending.take() {
            open.error = error
            eventsEmitted += 1
            emit(open)
            return
        }
        flush(slot, emit: emit)
        var event = event(from: record, sql: sql, slot: slot)
        event.error = error
        eventsEmitted += 1
        emit(event)
    }

    private mutating func flush(_ slot: Int, emit: (consuming QueryEvent) -> Void) {
        // Taken in place (see `hasPending`).
        guard let open = states[slot].pending.take() else { return }
        eventsEmitted += 1
        emit(open)
    }

    /// The event of a statement message; `withDetail`: with the parameters of the DETAIL
    /// that came in the same record (csvlog and jsonlog carry it there).
    private mutating func event(
        from record: PostgresRecord, sql: UnsafeRawBufferPointer, slot: Int, duration: Double? = nil, withDetail: Bool = false
    ) -> QueryEvent {
        if states[slot].session == nil { states[slot].session = String(record.process) }
        let origin = record.originBytes.map { origins.origin(user: $0.user, database: $0.database, application: $0.application) } ?? record.origin
        let parameters = withDetail ? record.detail.flatMap { Self.parameters(of: record, in: $0) } : nil
        // One initializer call, the event returned as made: built in steps, it was copied.
        return QueryEvent(
            sql: record.prepared?.statement ?? sql.string, timestamp: record.timestamp, durationMilliseconds: duration, session: states[slot].session,
            origin: origin, parameters: parameters ?? [], transactionID: record.transactionID, queryID: record.queryID, line: record.line)
    }

    /// What a piece worker prepared for the record, or the values read from `detail` here.
    private static func parameters(of record: PostgresRecord, in detail: UnsafeRawBufferPointer) -> [String?]? {
        if let prepared = record.prepared { return prepared.parameters }
        return parameters(in: detail)
    }

    /// What the assembler would make of `record` ahead of it: the statement's text and the
    /// DETAIL's values, on the thread that parsed the record.
    static func prepare(_ record: PostgresRecord) -> PostgresRecord.Prepared {
        var prepared = PostgresRecord.Prepared()
        switch record.severity {
        case .log:
            if case .statement(let sql, _) = logMessage(record.message) { prepared.statement = sql.string }
            prepared.parameters = record.detail.flatMap { parameters(in: $0) }
        case .detail:
            prepared.parameters = parameters(in: record.message)
        case .statement:
            prepared.statement = record.message.string
        case .error, .fatal, .panic:
            prepared.statement = record.query?.string
        case .other:
            break
        }
        return prepared
    }

    /// `parameters: $1 = '5', $2 = NULL, $3 = 'it''s'` (any capitalisation; PostgreSQL 13
    /// wrote "parameters", some releases "Parameters"). Values cut by log_parameter_max_length
    /// end in `...` and are kept as they are.
    static func parameters(in detail: UnsafeRawBufferPointer) -> [String?]? {
        guard detail.hasPrefixIgnoringCase("parameters: ") else { return nil }
        var values: [String?] = []
        var index = 12
        while index < detail.count {
            guard detail[index] == UInt8(ascii: "$"), let (_, afterNumber) = detail.integer(at: index + 1),
                detail.hasPrefix(" = ", at: afterNumber)
            else { return values }
            index = afterNumber + 3
            if detail.hasPrefix("NULL", at: index) {
                values.append(nil)
                index += 4
            } else if detail.byte(index) == UInt8(ascii: "'") {
                index += 1
                let start = index
                var doubled = false
                while index < detail.count {
                    if detail[index] == UInt8(ascii: "'") {
                        if detail.byte(index + 1) == UInt8(ascii: "'") {
                            doubled = true
                            index += 2
                            continue
                        }
                        break
                    }
                    index += 1
                }
                // A value cut by log_parameter_max_length keeps its `...` inside the quotes.
                let value = detail.slice(start..<index)
                index += 1
                if doubled {
                    var bytes: [UInt8] = []
                    var cursor = 0
                    while cursor < value.count {
                        bytes.append(value[cursor])
                        cursor += value[cursor] == UInt8(ascii: "'") && value.byte(cursor + 1) == UInt8(ascii: "'") ? 2 : 1
                    }
                    values.append(String(decoding: bytes, as: UTF8.self))
                } else {
                    values.append(value.string)
                }
            } else {
                return values
            }
            if detail.hasPrefix(", ", at: index) { index += 2 } else { break }
        }
        return values
    }
}

