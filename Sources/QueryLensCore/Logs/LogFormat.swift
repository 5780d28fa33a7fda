/// The log formats QueryLens reads, and how to tell them apart from the first lines.
public enum LogFormat: String, CaseIterable, Sendable {
    case postgresStderr = "postgres-stderr"
    case postgresCSV = "postgres-csv"
    case postgresJSON = "postgres-json"
    case rails
    case django
    case sqlalchemy
    case peewee
    case sequel
    case eloquent
    case gorm
    case hibernate
    case efcore
    case sequelize
    case prisma
    case typeorm
    case ecto
    case otlpJSON = "otlp-json"
    case jsonl
    case sql

    /// The application and ORM logs (as opposed to the server's and QueryLens' own).
    public var isApplicationLog: Bool {
        switch self {
        case .postgresStderr, .postgresCSV, .postgresJSON, .jsonl, .sql, .otlpJSON: return false
        default: return true
        }
    }

    /// Guesses the format from the first lines of an input (at most a few dozen); `nil` when
    /// nothing fits.
    public static func detect(_ lines: [[UInt8]]) -> LogFormat? {
        var votes: [LogFormat: Int] = [:]
        for line in lines.prefix(LogIngest.sampleLines) {
            line.withUnsafeBytes { bytes in
                if let format = ANSIColours.without(bytes, guess) { votes[format, default: 0] += 1 }
            }
        }
        // Rails logs hold SQL lines that alone look like nothing else: a Rails marker wins unless
        // another ORM's lines are there too (Ecto's `↳` source lines look like Rails' own).
        if let rails = votes[.rails], rails > 0, !votes.keys.contains(where: { $0.isApplicationLog && $0 != .rails }) { return .rails }
        // Pretty-printed SQL in an ORM's log starts lines with SELECT too: plain SQL only when
        // nothing else is recognised.
        if votes.count > 1 { votes[.sql] = nil }
        return votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }?.key
    }

    /// The ORM logs, each recognised by its own reader's signature.
    private static func applicationFormat(_ text: UnsafeRawBufferPointer) -> LogFormat? {
        if SQLAlchemyLogReader.recognizes(text) { return .sqlalchemy }
        if PeeweeLogReader.recognizes(text) { return .peewee }
        if SequelLogReader.recognizes(text) { return .sequel }
        if EloquentLogReader.recognizes(text) { return .eloquent }
        if GormLogReader.recognizes(text) { return .gorm }
        if HibernateLogReader.recognizes(text) { return .hibernate }
        if EFCoreLogReader.recognizes(text) { return .efcore }
        if SequelizeLogReader.recognizes(text) { return .sequelize }
        if PrismaLogReader.recognizes(text) { return .prisma }
        if TypeORMLogReader.recognizes(text) { return .typeorm }
        if EctoLogReader.recognizes(text) { return .ecto }
        return nil
    }

    private static func guess(_ line: UnsafeRawBufferPointer) -> LogFormat? {
        let text = line.trimmed
        guard text.count > 0 else { return nil }
        if text[0] == UInt8(ascii: "{") {
            if OTLPJSONReader.recognizes(text) { return .otlpJSON }
            if text.firstOffset(of: "\"error_severity\"") != nil || text.firstOffset(of: "\"backend_type\"") != nil { return .postgresJSON }
            if text.firstOffset(of: "\"sql\"") != nil { return .jsonl }
            return nil
        }
        if text.hasPrefix("Started ") || text.hasPrefix("Processing by ") || text.hasPrefix("Completed ")
            || (text.firstOffset(of: " Load (") != nil && text.firstOffset(of: "ms)") != nil)
            || text.hasPrefix("\u{21B3} ") || text.firstOffset(of: " -- : ") != nil && text.firstOffset(of: "Started ") != nil
        {
            return .rails
        }
        if DjangoLogReader.isStatementLine(text) { return .django }
        if let format = applicationFormat(text) { return format }
        // Any other `log_line_prefix`: the server's severity word (`LOG:  `) after it.
        if LinePrefixInference.severityStart(text) != nil { return .postgresStderr }
        if let (_, afterTimestamp) = LogTimestamp.parse(text) {
            // csvlog: `2026-11-25 13:52:13.730 UTC,"postgres","bench",2006,...`
            if text.byte(afterTimestamp) == UInt8(ascii: ",") { return .postgresCSV }
            if text.firstOffset(of: ":  ") != nil { return .postgresStderr }
        }
        for candidate in LinePrefix.candidates.prefix(3) {
            if let fields = LinePrefix(candidate).match(text), LinePrefix.severityEnd(text, at: fields.end) != nil { return .postgresStderr }
        }
        let tokens = Lexer.tokenize(text.string)
        if let first = tokens.first(where: { !$0.kind.isComment }), first.kind == .keyword,
            [.select, .insert, .update, .delete, .with, .begin, .commit, .create, .alter, .set].contains(first.keyword)
        {
            return .sql
        }
        return nil
    }
}
