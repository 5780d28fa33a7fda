/// Prisma Client's query log, in its two documented forms:
///
/// - `log: ['query']`: `prisma:query SELECT ... LIMIT $1 OFFSET $2` (no values);
/// - the `$on('query', e => ...)` handler of Prisma's docs: `Query: SQL`, `Params: [4,1,0]`,
///   `Duration: 1ms` on three lines.
public struct PrismaLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var statement = PendingStatement()

    public init() {}

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        line.firstOffset(of: "prisma:query ") != nil || line.hasPrefix("Params: [")
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        if let at = line.firstOffset(of: "prisma:query ") {
            statement.flush(emit: emit)
            emit(QueryEvent(sql: line.slice(from: at + 13).trimmed.string, line: number))
        } else if line.hasPrefix("Query: ") {
            statement.flush(emit: emit)
            statement.begin(QueryEvent(sql: "", line: number), text: line.slice(from: 7))
        } else if line.hasPrefix("Params: "), statement.isOpen {
            let values = ValueList.parse(line.slice(from: 8))
            statement.update { $0.parameters = values }
        } else if line.hasPrefix("Duration: "), statement.isOpen {
            let milliseconds = line.decimal(at: 10).map(\.value)
            statement.update { $0.durationMilliseconds = milliseconds }
            statement.flush(emit: emit)
        } else if line.trimmed.count > 0 {
            diagnostics.ignoredLines += 1
        }
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        statement.flush(emit: emit)
    }
}
