/// PostgreSQL's stderr log (`log_destination = 'stderr'`), with any `log_line_prefix`.
///
/// The prefix is given (`--log-line-prefix`) or detected from the first lines among
/// `LinePrefix.candidates`. Lines become server messages in `PostgresStderrRecords` (a message
/// continues on lines that start with a TAB); messages go to `PostgresEventAssembler`, shared
/// with csvlog and jsonlog.
public struct PostgresStderrReader: LogReader {
    public var diagnostics: ReadDiagnostics { records.diagnostics }
    public var prefix: LinePrefix? { decided ? records.prefix : nil }

    private static let detectionLines = 50
    private var undecided: [(line: [UInt8], number: Int)] = []
    /// Lent `inout` to the assembler on every line; until the prefix is decided (`decided`),
    /// it holds a placeholder that reads nothing.
    private var records: PostgresStderrRecords
    private var decided: Bool
    private var assembler = PostgresEventAssembler()
    private var envelope = EnvelopeFields()

    /// `prefix`: the server's `log_line_prefix`; `nil` to detect it.
    public init(prefix: LinePrefix? = nil) {
        records = PostgresStderrRecords(prefix: prefix ?? LinePrefix(LinePrefix.candidates[0]))
        decided = prefix != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        read(line: line, number: number, nextLineStart: nil, emit: emit)
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, nextLineStart: UInt8?, emit: (consuming QueryEvent) -> Void) {
        guard decided else {
            undecided.append((Array(line), number))
            if undecided.count >= 20 * Self.detectionLines || undecided.filter({ $0.line.first != 0x09 }).count >= Self.detectionLines {
                decide(emit: emit)
            }
            return
        }
        assembler.read(line: line, number: number, nextLineStart: nextLineStart, with: &records, emit: emit)
    }

    public mutating func setEnvelopeFields(_ fields: EnvelopeFields) {
        envelope = fields
        records.envelope = fields
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        if !decided { decide(emit: emit) }
        assembler.finish(with: &records, emit: emit)
    }

    /// Picks the prefix that reads the most buffered lines (`LinePrefix.detect`), then replays them.
    private mutating func decide(emit: (consuming QueryEvent) -> Void) {
        let detected = LinePrefix.detect(undecided.map(\.line))
        var records = PostgresStderrRecords(prefix: detected?.prefix ?? LinePrefix(LinePrefix.candidates[0]))
        records.envelope = envelope
        if detected == nil && !undecided.isEmpty {
            records.diagnostics.warn("no log_line_prefix could be inferred from this log: give the server's with --log-line-prefix")
        }
        let buffered = undecided
        undecided = []
        self.records = records
        decided = true
        for (line, number) in buffered {
            line.withUnsafeBytes { assembler.read(line: $0, number: number, nextLineStart: nil, with: &self.records, emit: emit) }
        }
    }
}
