import CLibPQ
import CSQLite3

/// The versions of the C client libraries this build uses (libpq loaded at run time, SQLite linked), for `querylens version` and for
/// bug reports: a planner difference is often a library or server version difference.
public enum NativeLibraries {
    /// libpq's version, e.g. `15.18`, or `not installed`: it is loaded at run time.
    public static var libpqVersion: String {
        guard PostgreSQLConnection.libpqMissing == nil else { return "not installed" }
        let number = Int(ql_PQlibVersion())
        return number >= 100_000 ? "\(number / 10_000).\(number % 10_000)" : "\(number / 10_000).\(number / 100 % 100).\(number % 100)"
    }

    /// SQLite's version, e.g. `3.40.1`.
    public static var sqliteVersion: String {
        String(cString: sqlite3_libversion())
    }
}
