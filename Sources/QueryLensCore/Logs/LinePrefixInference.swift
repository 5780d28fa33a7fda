/// Infers a server's `log_line_prefix` from its log, so that a log is read without being told
/// the prefix (pgBadger asks for it; QueryLens should not have to).
///
/// On each sampled line the severity word (`LOG:  `, `ERROR:  `, ...) marks where the prefix
/// ends. The prefix text is then read left to right, naming each field by its shape: a
/// timestamp (`%m` with milliseconds, `%t` without, `%n` as epoch seconds), `[12345]` (`%p`),
/// `[5-1]` (`%l-1`), `user@db` (`%u@%d`), `key=value` spellings (`user=`, `usr=`, `db=`,
/// `app=`, `appli=`, `client=`, `host=`, `sql_error_code = `, quoted values too), a client
/// address with or without `(port)` (`%r` / `%h`), a session id `6b06ef42.425a` (`%c`), a
/// virtual transaction id `3/45` (`%v`), a SQLSTATE (`%e`). Punctuation and spaces stay
/// literal; a field it cannot name becomes free text that is skipped (`%i`), never a failure.
///
/// The format most lines share wins; a shorter format that is a truncation of it marks where
/// `%q` cuts the prefix for background processes (`%m [%p] %q%u@%d `).
public enum LinePrefixInference {
    /// The inferred format, or `nil` when no sampled line has a severity word.
    public static func infer(_ lines: [[UInt8]]) -> String? {
        // Lines vote by the shape of their format; a bare number after the process is `%l` on
        // one line (`0`) and `%Q` on another (`-7528626538335821302`): one vote, and the
        // variant with the most `%Q`s stands for them (`%Q` reads both).
        var votes: [String: (count: Int, first: Int, format: String)] = [:]
        for (index, line) in lines.enumerated() where line.first != 0x09 {
            guard let format = line.withUnsafeBytes({ format(of: $0) }) else { continue }
            let key = format.replacingOccurrences(of: "%Q", with: "%l")
            var entry = votes[key] ?? (0, index, format)
            entry.count += 1
            if format.components(separatedBy: "%Q").count > entry.format.components(separatedBy: "%Q").count { entry.format = format }
            votes[key] = entry
        }
        // Most votes; ties go to the format seen first, so the result is deterministic.
        guard let best = votes.values.max(by: { ($0.count, -$0.first) < ($1.count, -$1.first) })?.format else { return nil }
        let truncations = votes.values.map(\.format).filter { !$0.isEmpty && best.hasPrefix($0) && best.utf8.count > $0.utf8.count }
        guard let cut = truncations.min(by: { $0.utf8.count < $1.utf8.count }) else { return best }
        let index = best.utf8.index(best.utf8.startIndex, offsetBy: cut.utf8.count)
        return String(best[..<index]) + "%q" + String(best[index...])
    }

    /// Where the severity word of a line starts: the first word of capitals that is one of
    /// the server's severities followed by `:  `, within the first 512 bytes.
    static func severityStart(_ line: UnsafeRawBufferPointer) -> Int? {
        let limit = min(line.count, 512)
        var index = 0
        while index < limit {
            let byte = line[index]
            if byte &- UInt8(ascii: "A") < 26, index == 0 || !isWordByte(line[index - 1]), LinePrefix.severityEnd(line, at: index) != nil {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The format of one line's prefix, or `nil` when the line has no severity word.
    /// A format is kept only if it reads the line it came from; if it does not (fields with
    /// no separator between them), the words it could not name are tried as literal text.
    static func format(of line: UnsafeRawBufferPointer) -> String? {
        guard let end = severityStart(line) else { return nil }
        for literalWords in [false, true] {
            var reader = PrefixReader(text: line.slice(0..<end), literalWords: literalWords)
            let format = reader.read()
            if LinePrefix(format).match(line).flatMap({ LinePrefix.severityEnd(line, at: $0.end) }) != nil { return format }
        }
        return nil
    }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- 0x30 < 10 || byte == UInt8(ascii: "_")
    }

    /// Reads one prefix's text into a format string.
    private struct PrefixReader {
        let text: UnsafeRawBufferPointer
        var position = 0
        var output = ""
        var sawProcess = false
        var sawTimestamp = false
        /// Words nothing names are kept as literal text instead of free-text fields.
        let literalWords: Bool

        init(text: UnsafeRawBufferPointer, literalWords: Bool) {
            self.text = text
            self.literalWords = literalWords
        }

        mutating func read() -> String {
            while position < text.count {
                if readUserAtDatabase() || readKeyValue() || readTimestamp() || readBracketedNumbers() || readShapedValue() { continue }
                let byte = text[position]
                if LinePrefixInference.isWordByte(byte), !literalWords {
                    // A word nothing names (an application, a host name): skipped as free text.
                    skipValue()
                    field("i")
                    continue
                }
                output += byte == UInt8(ascii: "%") ? "%%" : String(UnicodeScalar(byte))
                position += 1
            }
            return output
        }

        private mutating func field(_ escape: Character) {
            output += "%"
            output.append(escape)
        }

        private func isValueByte(_ byte: UInt8) -> Bool {
            byte > 0x20 && byte != UInt8(ascii: "@") && byte != UInt8(ascii: ":") && byte != UInt8(ascii: ",")
                && byte != UInt8(ascii: "|") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "=")
        }

        /// Past a value: up to a space or a separator; a `[` opens a value only as a whole
        /// bracketed word (`[unknown]`, `[local]`).
        private mutating func skipValue() {
            if text.byte(position) == UInt8(ascii: "["), let close = text.firstOffset(of: "]", from: position) {
                position = close + 1
                return
            }
            while position < text.count, isValueByte(text[position]), text[position] != UInt8(ascii: "]"),
                text[position] != UInt8(ascii: "["), text[position] != UInt8(ascii: "(")
            {
                position += 1
            }
        }

        /// `user@database` (`[unknown]@[unknown]` too).
        private mutating func readUserAtDatabase() -> Bool {
            var cursor = position
            while cursor < text.count, isValueByte(text[cursor]) { cursor += 1 }
            guard text.byte(cursor) == UInt8(ascii: "@") else { return false }
            // The user may be empty: `@db` is what `%u@%d` prints without a user.
            position = cursor + 1
            field("u")
            output += "@"
            skipValue()
            field("d")
            return true
        }

        /// `key=value`, `key = value`, `key="value"`, for the keys people use.
        private mutating func readKeyValue() -> Bool {
            guard position < text.count, (text[position] | 0x20) &- UInt8(ascii: "a") < 26 else { return false }
            var cursor = position
            while cursor < text.count, LinePrefixInference.isWordByte(text[cursor]) { cursor += 1 }
            let key = text.slice(position..<cursor).string.lowercased()
            var afterKey = cursor
            while text.byte(afterKey) == 0x20 { afterKey += 1 }
            guard text.byte(afterKey) == UInt8(ascii: "=") else { return false }
            afterKey += 1
            while text.byte(afterKey) == 0x20 { afterKey += 1 }
            let quote = text.byte(afterKey)
            let quoted = quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'")
            if quoted { afterKey += 1 }
            output += text.slice(position..<afterKey).string.replacingOccurrences(of: "%", with: "%%")
            position = afterKey
            let escape = Self.keyEscapes[key] ?? "i"
            if escape == "m", readTimestamp() {
                // `time_ms="2026-..."`: the timestamp read itself.
            } else if quoted {
                while position < text.count, text[position] != quote { position += 1 }
                field(escape)
            } else {
                let start = position
                skipValue()
                if escape == "h", text.byte(position) == UInt8(ascii: "("), let close = text.firstOffset(of: ")", from: position) {
                    position = close + 1
                    field("r")
                } else if escape == "p", text.slice(start..<position).integer(at: 0)?.end != position - start {
                    field("i")
                } else {
                    field(escape)
                }
            }
            if escape == "p" { sawProcess = true }
            return true
        }

        static let keyEscapes: [String: Character] = [
            "user": "u", "usr": "u", "u": "u", "username": "u", "user_name": "u", "role": "u",
            "db": "d", "database": "d", "dbname": "d", "database_name": "d", "d": "d",
            "app": "a", "appli": "a", "application": "a", "application_name": "a", "appname": "a", "a": "a",
            "client": "h", "host": "h", "remote": "h", "client_addr": "h", "remote_host": "h", "connection_source": "h",
            "h": "h", "r": "h",
            "pid": "p", "p": "p", "process": "p", "process_id": "p",
            "session": "c", "sessionid": "c", "session_id": "c", "sid": "c", "c": "c",
            "xid": "x", "tx": "x", "txid": "x", "tid": "x", "x": "x",
            "vxid": "v", "vtid": "v", "v": "v",
            "sqlstate": "e", "state": "e", "code": "e", "sql_error_code": "e", "e": "e",
            "query_id": "Q", "queryid": "Q", "qid": "Q", "q": "Q",
            "line": "l", "l": "l", "log_line": "l",
            "time": "m", "ts": "m", "time_ms": "m", "timestamp": "m",
        ]

        /// `%m` (with a fraction), `%t` (without), or `%n` (epoch seconds with a fraction).
        private mutating func readTimestamp() -> Bool {
            if let (_, end) = LogTimestamp.parse(text, at: position) {
                let fraction = text.byte(position + 19) == UInt8(ascii: ".")
                position = end
                field(fraction ? "m" : "t")
                sawTimestamp = true
                return true
            }
            if !sawTimestamp, let (_, afterSeconds) = text.integer(at: position), afterSeconds - position == 10,
                text.byte(afterSeconds) == UInt8(ascii: "."), let (_, end) = text.integer(at: afterSeconds + 1), end - afterSeconds == 4
            {
                position = end
                field("n")
                sawTimestamp = true
                return true
            }
            return false
        }

        /// `[12345]` (the process), `[5-1]` (`%l-1`), `[12345-5]` (`%p-%l`).
        private mutating func readBracketedNumbers() -> Bool {
            guard text.byte(position) == UInt8(ascii: "["), let (_, afterFirst) = text.integer(at: position + 1) else { return false }
            if text.byte(afterFirst) == UInt8(ascii: "]") {
                output += "["
                field(sawProcess ? "l" : "p")
                output += "]"
                sawProcess = true
                position = afterFirst + 1
                return true
            }
            guard text.byte(afterFirst) == UInt8(ascii: "-"), let (second, afterSecond) = text.integer(at: afterFirst + 1),
                text.byte(afterSecond) == UInt8(ascii: "]")
            else { return false }
            if sawProcess {
                output += "[%l-" + String(second) + "]"
            } else {
                output += "[%p-%l]"
                sawProcess = true
            }
            position = afterSecond + 1
            return true
        }

        /// Values recognised by their shape alone: a client address, a session id, a virtual
        /// transaction id, a SQLSTATE, a bare process id or number.
        private mutating func readShapedValue() -> Bool {
            guard position < text.count else { return false }
            if text.hasPrefix("[local]", at: position) {
                position += 7
                field("h")
                return true
            }
            var end = position
            while end < text.count, isValueByte(text[end]), text[end] != UInt8(ascii: "["), text[end] != UInt8(ascii: "]"),
                text[end] != UInt8(ascii: "("), text[end] != UInt8(ascii: ")"), text[end] != UInt8(ascii: "-") || end == position
            {
                end += 1
            }
            guard end > position else { return false }
            let value = text.slice(position..<end)
            if Self.isAddress(value) {
                position = end
                if text.byte(end) == UInt8(ascii: "("), let close = text.firstOffset(of: ")", from: end) {
                    position = close + 1
                    field("r")
                } else {
                    field("h")
                }
                return true
            }
            let escape: Character?
            if Self.isSessionID(value) {
                escape = "c"
            } else if Self.isVirtualTransaction(value) {
                escape = "v"
            } else if Self.isSQLState(value) {
                escape = "e"
            } else if Self.isInteger(value) {
                // The first bare number is the process; later ones are numbers nothing names
                // (`%l`, `%x`), or a query id when signed or long (`%Q` reads a sign).
                if value[0] == UInt8(ascii: "-") || value.count > 7 {
                    escape = "Q"
                } else if sawProcess {
                    escape = "l"
                } else {
                    escape = "p"
                    sawProcess = true
                }
            } else {
                escape = nil
            }
            guard let escape else { return false }
            position = end
            field(escape)
            return true
        }

        /// Digits, with a sign: any length (a query id has 19 digits).
        static func isInteger(_ value: UnsafeRawBufferPointer) -> Bool {
            let start = value.byte(0) == UInt8(ascii: "-") ? 1 : 0
            guard value.count > start else { return false }
            return value[start...].allSatisfy { $0 &- 0x30 < 10 }
        }

        /// IPv4 `127.0.0.1`, IPv6 `::1` / `fe80::1`.
        static func isAddress(_ value: UnsafeRawBufferPointer) -> Bool {
            var dots = 0
            var digits = 0
            for byte in value {
                if byte == UInt8(ascii: ".") { dots += 1 } else if byte &- 0x30 < 10 { digits += 1 } else { return isIPv6(value) }
            }
            return dots == 3 && digits >= 4
        }

        static func isIPv6(_ value: UnsafeRawBufferPointer) -> Bool {
            var colons = 0
            for byte in value {
                if byte == UInt8(ascii: ":") { colons += 1 } else if !isHex(byte) && byte != UInt8(ascii: ".") { return false }
            }
            return colons >= 2
        }

        static func isHex(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 || byte &- UInt8(ascii: "a") < 6 }

        /// `%c`: the backend's start time and process id in hex, `6b06ef42.425a`.
        static func isSessionID(_ value: UnsafeRawBufferPointer) -> Bool {
            guard let dot = value.firstOffset(of: "."), dot >= 6, dot < value.count - 1 else { return false }
            for (index, byte) in value.enumerated() where index != dot && !isHex(byte) { return false }
            return true
        }

        /// `%v`: `3/45`.
        static func isVirtualTransaction(_ value: UnsafeRawBufferPointer) -> Bool {
            guard let slash = value.firstOffset(of: "/"), slash > 0, slash < value.count - 1 else { return false }
            return value.integer(at: 0)?.end == slash && value.integer(at: slash + 1)?.end == value.count
        }

        /// `%e`: five digits or capitals starting with a digit, `00000`, `42P01`, `22012`;
        /// a bare number of five digits is a SQLSTATE only with a leading zero (process ids
        /// never have one).
        static func isSQLState(_ value: UnsafeRawBufferPointer) -> Bool {
            guard value.count == 5, value[0] &- 0x30 < 10 else { return false }
            var letters = 0
            for byte in value {
                if byte &- UInt8(ascii: "A") < 26 { letters += 1 } else if byte &- 0x30 >= 10 { return false }
            }
            return letters > 0 || value[0] == UInt8(ascii: "0")
        }
    }
}

extension LinePrefix {
    /// The prefix that reads the most of `lines` (TAB continuation lines aside): the one
    /// inferred from the lines themselves, or a known candidate that reads more (a prefix the
    /// inference got wrong). The inferred one wins ties: a candidate with `%q` reads the lines
    /// of `%m [%p] ` too, but is not what the server was told. `nil` when none reads a line.
    public static func detect(_ lines: [[UInt8]]) -> (prefix: LinePrefix, inferred: Bool)? {
        var best: (prefix: LinePrefix, inferred: Bool, score: Int)?
        let inferred = LinePrefixInference.infer(lines)
        for (format, isInferred) in (inferred.map { [($0, true)] } ?? []) + candidates.map({ ($0, false) }) {
            let candidate = LinePrefix(format)
            var score = 0
            for line in lines where line.first != 0x09 {
                let matched = line.withUnsafeBytes { bytes in
                    candidate.match(bytes).flatMap { LinePrefix.severityEnd(bytes, at: $0.end) } != nil
                }
                if matched { score += 1 }
            }
            if score > (best?.score ?? 0) { best = (candidate, isInferred, score) }
        }
        return best.map { ($0.prefix, $0.inferred) }
    }
}
