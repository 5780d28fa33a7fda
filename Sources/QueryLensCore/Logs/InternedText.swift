#if canImport(Glibc)
import Glibc
#endif

/// Turns repeated byte strings (a user, a database, an application name on every line) into
/// one shared `String`: a line costs a byte comparison, not an allocation.
struct InternedText {
    private(set) var changed = false

    private var lastBytes: [UInt8] = []
    private var lastString: String?

    mutating func string(_ bytes: UnsafeRawBufferPointer?) -> String? {
        changed = false
        guard let bytes, bytes.count > 0 else {
            changed = lastString != nil
            lastString = nil
            lastBytes = []
            return nil
        }
        if let lastString, lastBytes.count == bytes.count,
            let base = bytes.baseAddress,
            lastBytes.withUnsafeBytes({ $0.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false })
        {
            return lastString
        }
        changed = true
        lastBytes = Array(bytes)
        let string = bytes.string
        lastString = string
        return string
    }
}

/// One shared `QueryEvent.Origin` while a log's user, database and application stay the same.
struct InternedOrigin {
    private var users = InternedText()
    private var databases = InternedText()
    private var applications = InternedText()
    private var last: QueryEvent.Origin?

    mutating func origin(user: UnsafeRawBufferPointer?, database: UnsafeRawBufferPointer?, application: UnsafeRawBufferPointer?) -> QueryEvent.Origin? {
        let user = users.string(user)
        let database = databases.string(database)
        let application = applications.string(application)
        if let last, !users.changed, !databases.changed, !applications.changed { return last }
        let origin = user == nil && database == nil && application == nil ? nil : QueryEvent.Origin(user: user, database: database, application: application)
        last = origin
        return origin
    }

    /// For readers that already hold strings (jsonlog).
    mutating func origin(user: String?, database: String?, application: String?) -> QueryEvent.Origin? {
        if let last, last.user == user, last.database == database, last.application == application { return last }
        let origin = user == nil && database == nil && application == nil ? nil : QueryEvent.Origin(user: user, database: database, application: application)
        last = origin
        return origin
    }
}
