/// Splits a text holding several statements (a `.sql` file, a psql script) at top-level `;`,
/// using the lexer so that semicolons inside strings, dollar quotes and comments do not split.
public enum StatementSplitter {
    /// Byte ranges of the statements, each without its `;`; empty statements are left out.
    public static func split(_ bytes: UnsafeRawBufferPointer) -> [Range<Int>] {
        guard let base = bytes.baseAddress else { return [] }
        let input = base.assumingMemoryBound(to: UInt8.self)
        var tokens: [Token] = []
        Lexer.tokenize(bytes, into: &tokens)
        var ranges: [Range<Int>] = []
        var start: Int?
        var end = 0
        var significant = false
        for token in tokens {
            if token.kind == .punctuation && input[Int(token.start)] == UInt8(ascii: ";") {
                if let first = start, significant { ranges.append(first..<end) }
                start = nil
                significant = false
                continue
            }
            // Leading comments belong to the statement: they may carry its tags.
            if start == nil { start = Int(token.start) }
            if !token.kind.isComment { significant = true }
            end = Int(token.end)
        }
        if let first = start, significant { ranges.append(first..<end) }
        return ranges
    }

    public static func split(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { buffer in
            split(UnsafeRawBufferPointer(buffer)).map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0]), as: UTF8.self) }
        }
    }
}
