#if canImport(Glibc)
import Glibc
#endif

/// Terminal colours in application logs: Rails colours SQL in development, GORM, Sequelize's
/// morgan and Elixir's Logger colour theirs. Readers see the text without them.
enum ANSIColours {
    /// Calls `body` with the line without ANSI escape sequences (`ESC [ ... letter`); copies only
    /// when the line has any.
    static func without<Result>(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        guard let base = line.baseAddress, memchr(base, 0x1B, line.count) != nil else { return body(line) }
        var output: [UInt8] = []
        output.reserveCapacity(line.count)
        var index = 0
        while index < line.count {
            if line[index] == 0x1B && line.byte(index + 1) == UInt8(ascii: "[") {
                index += 2
                while index < line.count && !((line[index] | 0x20) &- UInt8(ascii: "a") < 26) { index += 1 }
                index += 1
                continue
            }
            output.append(line[index])
            index += 1
        }
        return output.withUnsafeBytes(body)
    }
}
