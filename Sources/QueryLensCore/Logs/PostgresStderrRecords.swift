/// The lines of a PostgreSQL stderr log as server messages (`PostgresRecord`), given the
/// `log_line_prefix`: a line with the prefix and a severity word starts a message, lines that
/// start with a TAB continue it. What the messages mean is `PostgresEventAssembler`'s job.
///
/// Apart from caches, the only state is the message being read, which the next line that
/// starts a message ends: a log can be read in pieces cut at such lines (`ChunkedFileReading`)
/// and gives the same messages.
struct PostgresStderrRecords: PostgresRecordParser {
    var diagnostics = ReadDiagnostics()
    let prefix: LinePrefix
    /// Read once per line; kept apart so the line's path does not copy the prefix.
    private let prefixHasFineTimestamp: Bool
    private(set) var headerLinesWithoutSeverity = 0
    /// What an envelope (syslog, the journal, a container log) said about the current line.
    var envelope = EnvelopeFields()

    private var message: [UInt8] = []
    private var record: PostgresRecord?
    private var timestamps = LogTimestamp.Cache()
    private var memo = LinePrefix.PrefixMemo()
    /// For messages kept across lines, whose byte slices die with the line.
    private var origins = InternedOrigin()

    init(prefix: LinePrefix) {
        self.prefix = prefix
        prefixHasFineTimestamp = prefix.hasFineTimestamp
        message.reserveCapacity(4096)
    }

    /// Whether `line` starts a message: the prefix, then a severity word.
    mutating func startsRecord(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.first != 0x09, let fields = memo.match(line, prefix: prefix, timestamps: &timestamps) else { return false }
        return LinePrefix.severityEnd(line, at: fields.end) != nil
    }

    /// When the next line is known not to continue this message (`nextLineStart` is not a
    /// TAB), the message is handled straight from the line; otherwise it is copied to await
    /// its continuation lines.
    mutating func read(line: UnsafeRawBufferPointer, number: Int, nextLineStart: UInt8?, handle: (PostgresRecord) -> Void) {
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
        guard let fields = memo.match(line, prefix: prefix, timestamps: &timestamps) else {
            if record != nil, line.first == 0x20 {
                // A continuation line whose TAB a log viewer turned into spaces (`journalctl`).
                message.append(0x0A)
                message.append(contentsOf: line)
            } else if line.count > 0 {
                diagnostics.skip(line: number)
            }
            return
        }
        guard let (severity, messageStart) = LinePrefix.severityEnd(line, at: fields.end) else {
            headerLinesWithoutSeverity += 1
            diagnostics.skip(line: number)
            return
        }
        finish(handle: handle)
        // The prefix's own timestamp unless it has whole seconds only and the envelope's is finer.
        var timestamp = fields.timestamp
        if timestamp == nil || (!envelope.coarseTimestamp && envelope.timestamp != nil && !prefixHasFineTimestamp) {
            timestamp = envelope.timestamp ?? timestamp
        }
        let current = PostgresRecord(
            process: fields.process ?? envelope.process ?? 0, timestamp: timestamp,
            originBytes: (fields.user.bytes(in: line), fields.database.bytes(in: line), fields.application.bytes(in: line)),
            severity: severity, message: line.slice(from: messageStart),
            sqlState: fields.sqlState.bytes(in: line).map(\.string), queryID: fields.queryID,
            transactionID: fields.transactionID.bytes(in: line).flatMap { $0.count > 0 && !($0.count == 1 && $0[0] == 0x30) ? $0.string : nil },
            line: number)
        if let next = nextLineStart, next != 0x09 {
            handle(current)
        } else {
            message.removeAll(keepingCapacity: true)
            message.append(contentsOf: current.message)
            var kept = current
            kept.origin = origins.origin(
                user: fields.user.bytes(in: line), database: fields.database.bytes(in: line), application: fields.application.bytes(in: line))
            kept.originBytes = nil
            record = kept
        }
    }

    /// Hands over the message still waiting for continuation lines.
    mutating func finish(handle: (PostgresRecord) -> Void) {
        // Asked at every line that starts a message: the test comes first, as copying the
        // (empty) optional record out to test it cost a `memcpy` of its 250 bytes per line.
        guard record != nil, var current = record.take() else { return }
        message.withUnsafeBytes { bytes in
            current.message = bytes
            handle(current)
        }
    }
}
