/// Sequelize's query log (`logging: console.log`, the default): `Executing (default): SQL;`,
/// or with `benchmark: true` `Executed (default): SQL; Elapsed time: 2ms`. Values are written
/// into the SQL. Other output of the application (an access log) is ignored.
public struct SequelizeLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()

    public init() {}

    /// Where the SQL starts (after `Executing (connection): `).
    static func sqlStart(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let at = line.firstOffset(of: "Executing (") ?? line.firstOffset(of: "Executed ("), let close = line.firstOffset(of: "): ", from: at) else {
            return nil
        }
        return close + 3
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        sqlStart(line) != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        ANSIColours.without(line) { clean in
            guard let start = Self.sqlStart(clean) else {
                if clean.trimmed.count > 0 { diagnostics.ignoredLines += 1 }
                return
            }
            var sql = clean.slice(from: start).trimmed
            var milliseconds: Double?
            if let elapsed = sql.lastOffset(of: " Elapsed time: ") {
                milliseconds = sql.decimal(at: elapsed + 15).map(\.value)
                sql = sql.slice(0..<elapsed).trimmed
            }
            if sql.last == UInt8(ascii: ";") { sql = sql.slice(0..<(sql.count - 1)) }
            emit(QueryEvent(sql: sql.string, durationMilliseconds: milliseconds, line: number))
        }
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {}
}
