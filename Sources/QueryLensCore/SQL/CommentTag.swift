import Foundation

/// A key/value pair an application attached to a statement in a comment: sqlcommenter's
/// `/*controller='users',traceparent='00-...'*/` (URL-encoded, quoted) or Rails marginalia's
/// `/*application:Blog,controller:posts,action:index*/`. These say which request or job ran a
/// statement, which is how units of work are grouped and how findings point at code.
public struct CommentTag: Equatable, Hashable, Sendable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// The tags of one block comment's body (without `/*` `*/`), or none when the comment is
    /// prose rather than tags: every comma-separated part must be `key=value` or `key:value`.
    public static func parse(commentBody body: Substring) -> [CommentTag] {
        var tags: [CommentTag] = []
        for part in splitOutsideQuotes(body) {
            let trimmed = part.trimmingSpaces()
            if trimmed.isEmpty { continue }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return [] }
            let rawKey = trimmed[..<separator].trimmingSpaces()
            var rawValue = trimmed[trimmed.index(after: separator)...].trimmingSpaces()
            guard !rawKey.isEmpty, rawKey.allSatisfy(isKeyCharacter) else { return [] }
            if rawValue.count >= 2, rawValue.first == "'", rawValue.last == "'" {
                rawValue = rawValue.dropFirst().dropLast()
            }
            let value = percentDecoded(rawValue.replacingOccurrences(of: "\\'", with: "'"))
            tags.append(CommentTag(key: percentDecoded(String(rawKey)), value: value))
        }
        return tags
    }

    private static func isKeyCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-" || character == "."
            || character == "%"
    }

    private static func splitOutsideQuotes(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var inQuotes = false
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" {
                index = text.index(after: index)
                if index < text.endIndex { index = text.index(after: index) }
                continue
            }
            if character == "'" { inQuotes.toggle() }
            if character == "," && !inQuotes {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        parts.append(text[start...])
        return parts
    }

    /// `%5E` → `^`; a `%` not followed by two hex digits stays as it is.
    static func percentDecoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let high = hexValue(source[index + 1]), let low = hexValue(source[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}
