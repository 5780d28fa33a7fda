/// Laravel's Eloquent queries as the query listener of Laravel's documentation logs them
/// (`DB::listen(fn ($query) => Log::info($query->sql, ['bindings' => $query->bindings,
/// 'time' => $query->time]))`) through Monolog's line format:
///
///     [2026-12-01 10:00:00] local.INFO: select * from "authors" where "authors"."id" = ? limit 1 {"bindings":[4],"time":0.2} []
///
/// The context's `bindings` are the parameters, `time` the duration in milliseconds.
public struct EloquentLogReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var timestamps = LogTimestamp.Cache()
    private var sessions = SessionNames()

    public init() {}

    /// Where the message starts (after `channel.LEVEL: `) and where its context object starts.
    static func record(_ line: UnsafeRawBufferPointer) -> (start: Int, context: Int)? {
        guard line.byte(0) == UInt8(ascii: "["), let close = line.firstOffset(of: "] "), let colon = line.firstOffset(of: ": ", from: close),
            let context = line.lastOffset(of: " {\"bindings\":"), context > colon
        else { return nil }
        return (colon + 2, context + 1)
    }

    static func recognizes(_ line: UnsafeRawBufferPointer) -> Bool {
        record(line) != nil
    }

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        guard let (start, contextStart) = Self.record(line) else {
            if line.trimmed.count > 0 { diagnostics.ignoredLines += 1 }
            return
        }
        // The context object ends at its closing brace (Monolog adds ` []` for `extra`).
        var object = line.slice(from: contextStart)
        if let end = object.lastOffset(of: "}") { object = object.slice(0..<(end + 1)) }
        var parameters: [String?] = []
        var milliseconds: Double?
        let valid = JSONLine.forEachMember(object) { key, value in
            if key.count == 8, key.hasPrefix("bindings"), case .array(let bytes) = value { parameters = ValueList.parse(bytes) }
            if key.count == 4, key.hasPrefix("time") { milliseconds = value.double }
        }
        guard valid else {
            diagnostics.skip(line: number)
            return
        }
        let prefix = LoggerPrefix(line.slice(0..<start), timestamps: &timestamps)
        emit(QueryEvent(
            sql: line.slice(start..<(contextStart - 1)).trimmed.string, timestamp: prefix.timestamp, durationMilliseconds: milliseconds,
            session: sessions.name(of: prefix), parameters: parameters, line: number))
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {}
}
