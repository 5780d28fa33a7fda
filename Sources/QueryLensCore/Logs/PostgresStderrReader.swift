/// PostgreSQL's stderr log (`log_destination = 'stderr'`), with any `log_line_prefix`.
///
/// The prefix is given (`--log-line-prefix`) or detected from the first lines among
/// `LinePrefix.candidates`. A message continues on lines that start with a TAB (the prefix is
/// not repeated). Messages go to `PostgresEventAssembler`, shared with csvlog and jsonlog.
public struct PostgresStderrReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    public private(set) var prefix: LinePrefix? {
        didSet { prefixHasFineTimestamp = prefix?.hasFineTimestamp ?? false }
    }
    /// Read once per line; kept apart so the line's path does not copy the prefix.
    private var prefixHasFineTimestamp = false

    private static let detectionLines = 50
    private var undecided: [(line: [UInt8], number: Int)] = []
    private var assembler = PostgresEventAssembler()

    private var message: [UInt8] = []
    private var record: PostgresRecord?
    private var timestamps = LogTimestamp.Cache()
    private var memo = LinePrefix.PrefixMemo()
    /// For messages kept across lines, whose byte slices die with the line.
    private var origins = InternedOrigin()
    private var headerLinesWithoutSeverity = 0
    /// What an envelope (syslog, the journal, a container log) said about the current line.
    private var envelope = EnvelopeFields()

    /// `prefix`: the server's `log_line_prefix`; `nil` to detect it.
    public init(prefix: LinePrefix? = nil) {
        self.prefix = prefix
        prefixHasFineTimestamp = prefix?.hasFineTimestamp ?? false
        message.reserveCapacity(4096)
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (QueryEvent) -> Void) {
        read(line: line, number: number, nextLineStart: nil, emit: emit)
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, nextLineStart: UInt8?, emit: (QueryEvent) -> Void) {
        guard prefix != nil else {
            undecided.append((Array(line), number))
            if undecided.count >= 20 * Self.detectionLines || undecided.filter({ $0.line.first != 0x09 }).count >= Self.detectionLines {
                decide(emit: emit)
            }
            return
        }
        consume(line, number, nextLineStart: nextLineStart, emit: emit)
    }

    public mutating func setEnvelopeFields(_ fields: EnvelopeFields) {
        envelope = fields
    }

    public mutating func finish(emit: (QueryEvent) -> Void) {
        if prefix == nil { decide(emit: emit) }
        dispatch(emit: emit)
        assembler.finish(emit: emit, diagnostics: &diagnostics)
        if assembler.recordsHandled == 0 && headerLinesWithoutSeverity > 0 {
            diagnostics.warn(PostgresEventAssembler.noStatementsWarning)
        }
    }

    /// Picks the prefix that reads the most buffered lines (`LinePrefix.detect`), then replays them.
    private mutating func decide(emit: (QueryEvent) -> Void) {
        let detected = LinePrefix.detect(undecided.map(\.line))
        prefix = detected?.prefix ?? LinePrefix(LinePrefix.candidates[0])
        if detected == nil && !undecided.isEmpty {
            diagnostics.warn("no log_line_prefix could be inferred from this log: give the server's with --log-line-prefix")
        }
        let buffered = undecided
        undecided = []
        for (line, number) in buffered {
            line.withUnsafeBytes { consume($0, number, nextLineStart: nil, emit: emit) }
        }
    }

    /// When the next line is known not to continue this message (`nextLineStart` is not a
    /// TAB), the message is handled straight from the line; otherwise it is copied to await
    /// its continuation lines.
    private mutating func consume(_ line: UnsafeRawBufferPointer, _ number: Int, nextLineStart: UInt8?, emit: (QueryEvent) -> Void) {
        if line.first == 0x09 {
            // A continuation of the current message.
            if record != nil {
                message.append(0x0A)
                message.append(contentsOf: line.slice(from: 1))
            } else {
                diagnostics.skip(line: number)
            }
            return
        }
        guard let prefix, let fields = memo.match(line, prefix: prefix, timestamps: &timestamps) else {
            if record != nil, line.first == 0x20 {
                // A continuation line whose TAB a log viewer turned into spaces (`journalctl`).
                message.append(0x0A)
                message.append(contentsOf: line)
            } else if line.count > 0 {
                diagnostics.skip(line: number)
            }
            return
        }
        guard let (word, messageStart) = LinePrefix.severityEnd(line, at: fields.end) else {
            headerLinesWithoutSeverity += 1
            diagnostics.skip(line: number)
            return
        }
        dispatch(emit: emit)
        // The prefix's own timestamp unless it has whole seconds only and the envelope's is finer.
        var timestamp = fields.timestamp
        if timestamp == nil || (!envelope.coarseTimestamp && envelope.timestamp != nil && !prefixHasFineTimestamp) {
            timestamp = envelope.timestamp ?? timestamp
        }
        let current = PostgresRecord(
            process: fields.process ?? envelope.process ?? 0, timestamp: timestamp,
            originBytes: (fields.user, fields.database, fields.application),
            severity: PostgresRecord.severity(word), message: line.slice(from: messageStart),
            sqlState: fields.sqlState.map(\.string), queryID: fields.queryID,
            transactionID: fields.transactionID.flatMap { $0.count > 0 && !($0.count == 1 && $0[0] == 0x30) ? $0.string : nil },
            line: number)
        if let next = nextLineStart, next != 0x09 {
            assembler.handle(current, emit: emit)
        } else {
            message.removeAll(keepingCapacity: true)
            message.append(contentsOf: current.message)
            var kept = current
            kept.origin = origins.origin(user: fields.user, database: fields.database, application: fields.application)
            kept.originBytes = nil
            record = kept
        }
    }

    private mutating func dispatch(emit: (QueryEvent) -> Void) {
        guard var current = record else { return }
        record = nil
        message.withUnsafeBytes { bytes in
            current.message = bytes
            assembler.handle(current, emit: emit)
        }
    }
}
