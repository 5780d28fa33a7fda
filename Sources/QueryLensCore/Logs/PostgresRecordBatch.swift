/// Server messages kept past their lines, to go from the thread that parsed a piece of a log
/// to the one that assembles events (`ChunkedFileReading`). The texts (messages, and who ran
/// them, which the assembler resolves only for the messages that become events) live in one
/// byte array, and the records refer to them by offsets; the statement's text and DETAIL
/// values are made here, on the parsing thread (`PostgresEventAssembler.prepare`).
struct PostgresRecordBatch: Sendable {
    /// The piece's lines, counted from 1 in `records`' line numbers and in `diagnostics`.
    var lines = 0
    var overlongLines: [Int] = []
    var diagnostics = ReadDiagnostics()
    var headerLinesWithoutSeverity = 0
    /// Where the piece ends in the file (progress).
    var end: Int64 = 0

    private var texts: [UInt8] = []
    private var records: [Stored] = []

    private struct Stored: Sendable {
        var process: Int
        var timestamp: Int64?
        var origin: QueryEvent.Origin?
        var originTexts: (user: Range<Int>?, database: Range<Int>?, application: Range<Int>?)?
        var severity: PostgresRecord.Severity
        var message: Range<Int>
        var detail: Range<Int>?
        var query: Range<Int>?
        var sqlState: String?
        var queryID: Int64?
        var transactionID: String?
        var line: Int
        var prepared: PostgresRecord.Prepared?
    }

    /// Room for the records of about `bytes` of log, so that appending does not copy.
    init(bytes: Int) {
        texts.reserveCapacity(bytes)
        records.reserveCapacity(bytes / 128)
    }

    /// Empties the batch for another piece, keeping its storage: no allocation, no page
    /// faults for the next piece.
    mutating func reuse() {
        lines = 0
        overlongLines.removeAll()
        diagnostics = ReadDiagnostics()
        headerLinesWithoutSeverity = 0
        end = 0
        texts.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
    }

    mutating func append(_ record: PostgresRecord) {
        let originTexts = record.originBytes.map { (keep($0.user), keep($0.database), keep($0.application)) }
        records.append(Stored(
            process: record.process, timestamp: record.timestamp, origin: record.origin, originTexts: originTexts, severity: record.severity,
            message: keep(record.message), detail: record.detail.map { keep($0) }, query: record.query.map { keep($0) },
            sqlState: record.sqlState, queryID: record.queryID, transactionID: record.transactionID, line: record.line,
            prepared: PostgresEventAssembler.prepare(record)))
    }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer?) -> Range<Int>? {
        bytes.map { keep($0) }
    }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        let start = texts.count
        texts.append(contentsOf: bytes)
        return start..<texts.count
    }

    /// Hands the records over in order, line numbers shifted by `lineOffset`; bytes valid
    /// during `body` only. The texts made ahead are moved out, not copied (no reference
    /// counting shared with the thread that made them); the batch is then only fit for `reuse()`.
    mutating func handOver(lineOffset: Int, _ body: (PostgresRecord) -> Void) {
        var records = self.records
        self.records = []
        texts.withUnsafeBytes { texts in
            records.withUnsafeMutableBufferPointer { records in
                for index in records.indices {
                    let prepared = records[index].prepared.take()
                    let stored = records[index]
                    body(PostgresRecord(
                        process: stored.process, timestamp: stored.timestamp, origin: stored.origin,
                        originBytes: stored.originTexts.map { (texts.slice($0.user), texts.slice($0.database), texts.slice($0.application)) },
                        severity: stored.severity, message: texts.slice(stored.message), detail: stored.detail.map { texts.slice($0) },
                        query: stored.query.map { texts.slice($0) }, sqlState: stored.sqlState, queryID: stored.queryID,
                        transactionID: stored.transactionID, line: stored.line + lineOffset, prepared: prepared))
                }
            }
        }
        self.records = records
    }
}

extension UnsafeRawBufferPointer {
    fileprivate func slice(_ range: Range<Int>?) -> UnsafeRawBufferPointer? {
        range.map { slice($0) }
    }
}
