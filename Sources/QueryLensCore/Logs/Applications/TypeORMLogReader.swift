/// TypeORM's default logger (`logging: true`): `query: SQL -- PARAMETERS: [4]`, and for a
/// failing statement `query failed: SQL -- PARAMETERS: [...]` followed by `error: ...`.
public struct TypeORMLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var failed = PendingStatement()

    public init() {}

    /// Where the SQL starts, and whether the statement failed.
    static func statement(_ line: UnsafeRawBufferPointer) -> (start: Int, failed: Bool)? {
        if let at = line.firstOffset(of: "query failed: ") { return (at + 14, true) }
        guard let at = line.firstOffset(of: "query: "), at == 0 || LoggerPrefix.isSeparator(line[at - 1]) else { return nil }
        return (at + 7, false)
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        statement(line) != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        if let (start, isFailure) = Self.statement(line) {
            failed.flush(emit: emit)
            var text = line.slice(from: start).trimmed
            var event = QueryEvent(sql: "", line: number)
            if let marker = text.lastOffset(of: " -- PARAMETERS: ") {
                event.parameters = ValueList.parse(text.slice(from: marker + 16))
                text = text.slice(0..<marker)
            }
            if isFailure {
                event.error = "failed"
                failed.begin(event, text: text)
            } else {
                event.sql = text.trimmed.string
                emit(event)
            }
        } else if failed.isOpen, let at = line.firstOffset(of: "error: ") {
            let message = line.slice(from: at + 7).trimmed.string
            failed.update { $0.error = message }
            failed.flush(emit: emit)
        } else if line.trimmed.count > 0 {
            diagnostics.ignoredLines += 1
        }
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        failed.flush(emit: emit)
    }
}
