/// The parameter values an ORM logs next to its SQL, in whichever language's notation: a
/// Python tuple, list or dict repr (`(1, 'a', None)`, `{'param_1': 10}`), a JSON array
/// (`[4,"x",null]`), an Elixir or Ruby list (`[4, nil]`), Prisma's and TypeORM's arrays.
/// Nested values and calls (`datetime.datetime(...)`) are kept as their text; `None`, `null`,
/// `nil` and `NULL` are SQL NULL; a dict gives its values in order.
public enum ValueList {
    public static func parse(_ text: UnsafeRawBufferPointer) -> [String?] {
        let trimmed = text.trimmed
        guard trimmed.count >= 2 else { return [] }
        let open = trimmed[0]
        guard open == UInt8(ascii: "(") || open == UInt8(ascii: "[") || open == UInt8(ascii: "{") else { return [] }
        let isDict = open == UInt8(ascii: "{")
        let inner = trimmed.slice(1..<(trimmed.count - 1))
        var values: [String?] = []
        var depth = 0
        var quote: UInt8 = 0
        var start = 0
        var index = 0
        func add(_ end: Int) {
            var item = inner.slice(start..<end).trimmed
            if isDict, let colon = Self.topLevelColon(item) { item = item.slice(from: colon + 1).trimmed }
            guard item.count > 0 else { return }
            if (item.count == 4 && (item.hasPrefix("None") || item.hasPrefix("null") || item.hasPrefix("NULL"))) || (item.count == 3 && item.hasPrefix("nil")) {
                values.append(nil)
            } else if item.count >= 2, item[0] == UInt8(ascii: "'") || item[0] == UInt8(ascii: "\""), item[item.count - 1] == item[0] {
                values.append(item.slice(1..<(item.count - 1)).string)
            } else {
                values.append(item.string)
            }
        }
        while index < inner.count {
            let byte = inner[index]
            if quote != 0 {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth -= 1
            } else if byte == UInt8(ascii: ","), depth == 0 {
                add(index)
                start = index + 1
            }
            index += 1
        }
        add(inner.count)
        return values
    }

    /// The `:` between a dict entry's key and value (outside the quoted key).
    private static func topLevelColon(_ item: UnsafeRawBufferPointer) -> Int? {
        var quote: UInt8 = 0
        for (index, byte) in item.enumerated() {
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: ":") {
                return index
            }
        }
        return nil
    }
}
