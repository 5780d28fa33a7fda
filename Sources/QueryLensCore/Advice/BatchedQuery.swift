import Foundation

/// Rewrites a statement run once per key into one statement for all keys, from its
/// normalized text and shape: `WHERE author_id = $1` becomes `WHERE author_id = ANY($1)`
/// (PostgreSQL) or `WHERE author_id IN (SELECT value FROM json_each($1))` (SQLite: one JSON
/// array parameter, no bound-parameter limit), a per-row `LIMIT` goes, the key column is
/// selected so rows can be mapped back, and a `COUNT(*)` loop becomes one `GROUP BY`.
public enum BatchedQuery {
    /// `nil` when the statement has no `column = $n` to batch on.
    public static func rewrite(_ text: String, column: String, dialect: SQLDialect) -> String? {
        let bytes = Array(text.utf8)
        let tokens = Lexer.tokenize(text)
        func slice(_ token: Token) -> String { String(decoding: bytes[token.range], as: UTF8.self) }
        func isName(_ index: Int, _ name: String) -> Bool {
            index >= 0 && index < tokens.count && tokens[index].kind.isName && slice(tokens[index]).lowercased() == name
        }
        // Find `[qualifier.]column = $n`.
        var target: (columnStart: Int, operatorIndex: Int, parameterIndex: Int)?
        for index in tokens.indices where isName(index, column) {
            let next = index + 1
            guard next + 1 < tokens.count, tokens[next].kind == .operator, slice(tokens[next]) == "=",
                tokens[next + 1].kind == .parameter
            else { continue }
            var start = index
            if index >= 2, tokens[index - 1].kind == .punctuation, slice(tokens[index - 1]) == ".", tokens[index - 2].kind.isName {
                start = index - 2
            }
            target = (start, next, next + 1)
            break
        }
        guard let (columnStart, operatorIndex, parameterIndex) = target else { return nil }
        let qualifiedColumn = String(decoding: bytes[Int(tokens[columnStart].start)..<Int(tokens[operatorIndex - 1].end)], as: UTF8.self)
        let parameter = slice(tokens[parameterIndex])

        var edits: [(range: Range<Int>, replacement: String)] = []
        let batched: String
        switch dialect {
        case .sqlite: batched = "IN (SELECT value FROM json_each(\(parameter)))"
        case .postgresql, .unknown: batched = "= ANY(\(parameter))"
        }
        edits.append((Int(tokens[operatorIndex].start)..<Int(tokens[parameterIndex].end), batched))

        // The select list, to add the key column and spot COUNT(*).
        let depths = Self.depths(tokens, bytes)
        let selectIndex = tokens.firstIndex { $0.keyword == .select }
        let fromIndex = tokens.indices.first { tokens[$0].keyword == .from && depths[$0] == 0 }
        var isCount = false
        if let selectIndex, let fromIndex, selectIndex < fromIndex {
            let list = (selectIndex + 1)..<fromIndex
            isCount = list.contains { tokens[$0].kind == .identifier && slice(tokens[$0]).lowercased() == "count" }
                && !list.contains { tokens[$0].kind == .punctuation && slice(tokens[$0]) == "," && depths[$0] == 0 }
            // `*` selects the key; `t.*` does when `t` is the key's qualifier.
            let qualifier = columnStart < operatorIndex - 1 ? slice(tokens[columnStart]).lowercased() : nil
            let selectsKey = list.contains { isName($0, column) } || list.contains { index in
                guard tokens[index].kind == .operator, slice(tokens[index]) == "*", depths[index] == 0 else { return false }
                guard index >= 2, slice(tokens[index - 1]) == "." else { return true }
                return qualifier == nil || slice(tokens[index - 2]).lowercased() == qualifier
            }
            if isCount || !selectsKey {
                edits.append((Int(tokens[selectIndex].end)..<Int(tokens[selectIndex].end), " \(qualifiedColumn),"))
            }
        }
        // A per-row LIMIT/OFFSET at the end of the outer query no longer applies.
        var end = bytes.count
        if let limit = tokens.indices.first(where: { (tokens[$0].keyword == .limit || tokens[$0].keyword == .offset) && depths[$0] == 0 }),
            tokens[limit...].allSatisfy({ $0.kind == .parameter || $0.kind == .number || $0.keyword == .limit || $0.keyword == .offset })
        {
            end = Int(tokens[limit].start)
        }
        if end < bytes.count || isCount {
            edits.append((end..<bytes.count, isCount ? " GROUP BY \(qualifiedColumn)" : ""))
        }

        var output = ""
        var position = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            output += String(decoding: bytes[position..<edit.range.lowerBound], as: UTF8.self)
            output += edit.replacement
            position = edit.range.upperBound
        }
        output += String(decoding: bytes[position..<bytes.count], as: UTF8.self)
        return output.replacingOccurrences(of: "  ", with: " ").trimmingSpaces().description
    }

    /// Parenthesis depth of each token.
    private static func depths(_ tokens: [Token], _ bytes: [UInt8]) -> [Int] {
        var depth = 0
        return tokens.map { token in
            if token.kind == .punctuation && bytes[Int(token.start)] == UInt8(ascii: ")") { depth -= 1 }
            let current = depth
            if token.kind == .punctuation && bytes[Int(token.start)] == UInt8(ascii: "(") { depth += 1 }
            return current
        }
    }
}
