/// QueryLens JSONL (docs/jsonl.md): one object per line, `sql` required; `ts`, `duration_ms`,
/// `params`, `unit`, `session`, `db`, `user`, `app`, `source`, `rows`, `error` optional.
/// What the recorder writes, what `querylens events` prints, what applications may write.
public struct JSONLReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()

    public init() {}

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        guard line.trimmed.count > 0 else { return }
        var event = QueryEvent(sql: "", line: number)
        var hasSQL = false
        let valid = JSONLine.forEachMember(line) { key, value in
            switch key.count {
            case 2 where key.hasPrefix("ts"):
                switch value {
                case .string(let bytes, _): event.timestamp = LogTimestamp.parse(bytes)?.microseconds
                case .number: event.timestamp = value.double.map { Int64($0 * 1_000_000) }
                default: break
                }
            case 2 where key.hasPrefix("db"): event.database = value.string
            case 3 where key.hasPrefix("sql"):
                if let sql = value.string {
                    event.sql = sql
                    hasSQL = true
                }
            case 3 where key.hasPrefix("app"): event.application = value.string
            case 4 where key.hasPrefix("unit"): event.unit = value.string
            case 4 where key.hasPrefix("user"): event.user = value.string
            case 4 where key.hasPrefix("rows"): event.rows = value.integer.map { Int($0) }
            case 4 where key.hasPrefix("kind"): event.isHTTPCall = value.string == "http"
            case 5 where key.hasPrefix("error"): event.error = value.string
            case 6 where key.hasPrefix("params"): event.parameters = value.elements?.map(\.string) ?? []
            case 6 where key.hasPrefix("source"): event.source = value.string
            case 7 where key.hasPrefix("session"): event.session = value.string
            case 11 where key.hasPrefix("duration_ms"): event.durationMilliseconds = value.double
            default: break
            }
        }
        guard valid, hasSQL else {
            diagnostics.skip(line: number)
            return
        }
        emit(event)
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {}
}
