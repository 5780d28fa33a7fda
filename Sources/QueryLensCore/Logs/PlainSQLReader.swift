/// A plain `.sql` file: statements separated by `;`, for quick checks. Lines are collected
/// until a line ends a statement; the lexer decides, so a `;` inside a string or a dollar
/// quote does not split. All statements belong to one unit: the file.
public struct PlainSQLReader: LogReader {
    public private(set) var diagnostics = ReadDiagnostics()
    private var text: [UInt8] = []
    private var firstLine = 0

    public init() {}

    public mutating func read(line: UnsafeRawBufferPointer, number: Int, emit: (consuming QueryEvent) -> Void) {
        if text.isEmpty {
            guard line.trimmed.count > 0 else { return }
            firstLine = number
        } else {
            text.append(0x0A)
        }
        text.append(contentsOf: line)
        // Only a line with a `;` can end a statement.
        guard line.firstOffset(of: ";") != nil else { return }
        emitComplete(final: false, emit: emit)
    }

    public mutating func finish(emit: (consuming QueryEvent) -> Void) {
        emitComplete(final: true, emit: emit)
    }

    private mutating func emitComplete(final: Bool, emit: (consuming QueryEvent) -> Void) {
        var consumed = 0
        text.withUnsafeBytes { bytes in
            var tokens: [Token] = []
            Lexer.tokenize(bytes, into: &tokens)
            var start: Int?
            var statementLine = firstLine
            for token in tokens {
                if token.kind == .punctuation && bytes[Int(token.start)] == UInt8(ascii: ";") {
                    if let first = start {
                        emit(QueryEvent(sql: bytes.slice(first..<Int(token.start)).trimmed.string, session: "sql", line: statementLine))
                    }
                    start = nil
                    consumed = Int(token.end)
                    continue
                }
                if start == nil && !token.kind.isComment {
                    start = Int(token.start)
                    statementLine = firstLine + bytes.slice(0..<Int(token.start)).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                }
            }
            if final, let first = start {
                emit(QueryEvent(sql: bytes.slice(from: first).trimmed.string, session: "sql", line: statementLine))
                consumed = bytes.count
            }
        }
        let lineCount = text.prefix(consumed).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        text.removeFirst(min(consumed, text.count))
        while let first = text.first, first == 0x0A || first == 0x20 || first == 0x09 || first == 0x0D {
            if first == 0x0A { firstLine += 1 }
            text.removeFirst()
        }
        firstLine += lineCount
        if text.isEmpty { firstLine = 0 }
    }
}
