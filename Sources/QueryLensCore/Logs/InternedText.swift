#if canImport(Glibc)
import Glibc
#endif

/// Turns repeated byte strings (a user, a database, an application name on every line) into
/// one shared `String`: a line costs a byte comparison, not an allocation.
struct InternedText {
    private var lastBytes: [UInt8] = []
    private var lastString: String?

    mutating func string(_ bytes: UnsafeRawBufferPointer?) -> String? {
        guard let bytes, bytes.count > 0 else { return nil }
        if let lastString, lastBytes.count == bytes.count,
            let base = bytes.baseAddress,
            lastBytes.withUnsafeBytes({ $0.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false })
        {
            return lastString
        }
        lastBytes = Array(bytes)
        let string = bytes.string
        lastString = string
        return string
    }
}
