/// One server log message, whatever the destination wrote it as (a stderr line group, a
/// csvlog row, a jsonlog object). `PostgresEventAssembler` turns these into query events, so
/// the meaning of PostgreSQL's messages is implemented once for all three formats.
struct PostgresRecord {
    enum Severity {
        case log, error, fatal, panic, detail, statement, other
    }

    var process: Int
    var timestamp: Int64?
    var user: String?
    var database: String?
    var application: String?
    var severity: Severity
    /// Valid only while the record is handled.
    var message: UnsafeRawBufferPointer
    /// csvlog/jsonlog carry the DETAIL in the same record; stderr sends it as its own record.
    var detail: UnsafeRawBufferPointer?
    /// The statement of an ERROR (csvlog `query`, jsonlog `statement`); stderr sends a
    /// STATEMENT record instead.
    var query: UnsafeRawBufferPointer?
    var sqlState: String?
    var queryID: Int64?
    var transactionID: String?
    var line: Int

    static func severity(_ word: UnsafeRawBufferPointer) -> Severity {
        switch word.count {
        case 3 where word.hasPrefix("LOG"): return .log
        case 5 where word.hasPrefix("ERROR"): return .error
        case 5 where word.hasPrefix("FATAL"): return .fatal
        case 5 where word.hasPrefix("PANIC"): return .panic
        case 6 where word.hasPrefix("DETAIL"): return .detail
        case 9 where word.hasPrefix("STATEMENT"): return .statement
        default: return .other
        }
    }

    /// Every severity word of an English server log (`lc_messages = 'C'`).
    static func isSeverityWord(_ word: UnsafeRawBufferPointer) -> Bool {
        switch word.count {
        case 3: return word.hasPrefix("LOG")
        case 4: return word.hasPrefix("HINT") || word.hasPrefix("INFO")
        case 5: return word.hasPrefix("ERROR") || word.hasPrefix("FATAL") || word.hasPrefix("PANIC") || word.hasPrefix("QUERY")
        case 6: return word.hasPrefix("DETAIL") || word.hasPrefix("NOTICE") || word.hasPrefix("DEBUG1") || word.hasPrefix("DEBUG2")
            || word.hasPrefix("DEBUG3") || word.hasPrefix("DEBUG4") || word.hasPrefix("DEBUG5")
        case 7: return word.hasPrefix("WARNING") || word.hasPrefix("CONTEXT")
        case 8: return word.hasPrefix("LOCATION")
        case 9: return word.hasPrefix("STATEMENT")
        default: return false
        }
    }
}
