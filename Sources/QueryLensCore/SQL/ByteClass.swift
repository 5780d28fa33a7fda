/// What a byte can be in SQL, as bit flags in one 256-entry table, so the lexer classifies a byte
/// with one load instead of a chain of comparisons.
enum ByteClass {
    static let whitespace: UInt8 = 1 << 0
    static let wordStart: UInt8 = 1 << 1
    static let wordContinue: UInt8 = 1 << 2
    static let digit: UInt8 = 1 << 3
    static let hexDigit: UInt8 = 1 << 4
    /// PostgreSQL's operator characters, less `?` (a parameter as often as an operator) and the
    /// backtick (SQLite's identifier quote).
    static let operatorCharacter: UInt8 = 1 << 5
    /// Characters that let a multi-character operator end in `+` or `-` (PostgreSQL's rule).
    static let operatorSpecial: UInt8 = 1 << 6

    /// Allocated once and never freed: the lexer reads it without reference counting.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for byte in [0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B] { table[byte] |= whitespace }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] |= wordStart | wordContinue }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] |= wordStart | wordContinue }
        for byte in 0x80...0xFF { table[byte] |= wordStart | wordContinue }
        table[Int(UInt8(ascii: "_"))] |= wordStart | wordContinue
        table[Int(UInt8(ascii: "$"))] |= wordContinue
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] |= digit | hexDigit | wordContinue }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "f") { table[Int(byte)] |= hexDigit }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "F") { table[Int(byte)] |= hexDigit }
        for byte in "+-*/<>=~!@#%^&|".utf8 { table[Int(byte)] |= operatorCharacter }
        for byte in "~!@#%^&|`?".utf8 { table[Int(byte)] |= operatorSpecial }
        return UnsafePointer(table)
    }()
}
