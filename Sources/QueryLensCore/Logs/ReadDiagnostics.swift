/// What a reader could not use, so that bad input never hides: counts and the first line
/// numbers of skipped lines, and warnings that explain a suspicious result (a log in another
/// language, a prefix that matches nothing).
public struct ReadDiagnostics: Equatable, Sendable {
    public static let keptLineNumbers = 5

    /// Lines that should have held something the reader understands but did not parse.
    public private(set) var skippedLines = 0
    public private(set) var firstSkippedLines: [Int] = []
    /// Lines the reader recognized and ignored on purpose (server housekeeping messages,
    /// parse/bind steps, cache hits). Not a problem; reported for completeness.
    public var ignoredLines = 0
    public private(set) var warnings: [String] = []

    public init() {}

    public mutating func skip(line: Int) {
        skippedLines += 1
        if firstSkippedLines.count < Self.keptLineNumbers { firstSkippedLines.append(line) }
    }

    public mutating func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    /// Adds `other`'s counts and warnings; its line numbers are shifted by `lineOffset` (a
    /// piece of a file counts its lines from 1).
    public mutating func merge(_ other: ReadDiagnostics, lineOffset: Int = 0) {
        skippedLines += other.skippedLines
        ignoredLines += other.ignoredLines
        for line in other.firstSkippedLines where firstSkippedLines.count < Self.keptLineNumbers {
            firstSkippedLines.append(line + lineOffset)
        }
        for warning in other.warnings { warn(warning) }
    }

    /// One line for a report: `skipped 3 lines (first: 7, 19, 20)`.
    public var summary: String? {
        guard skippedLines > 0 else { return nil }
        let lines = firstSkippedLines.map(String.init).joined(separator: ", ")
        return "skipped \(skippedLines) unreadable line\(skippedLines == 1 ? "" : "s") (first: \(lines))"
    }
}
