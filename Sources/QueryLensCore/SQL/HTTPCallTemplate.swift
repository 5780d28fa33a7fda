/// The HTTP counterpart of the normalizer: an outgoing request (`GET http://prices/api/7?c=eur`)
/// becomes its template (`GET http://prices/api/{id}?c={}`), a fingerprint of the template and a
/// hash of the values taken out, so the detectors see the loop of a trace's HTTP client spans
/// exactly as they see a loop of statements.
///
/// Path segments that are identifiers become placeholders: numbers (`{id}`), UUIDs (`{uuid}`),
/// long hex strings (`{hex}`) and long tokens mixing letters and digits (`{token}`); query
/// values become `{}`, keys stay. Credentials in the URL are dropped, never reported; the
/// fragment is not part of a request.
public enum HTTPCallTemplate {
    public struct Template: Equatable, Sendable {
        public var text: String
        public var fingerprint: Fingerprint
        /// Hash of the values the placeholders replaced; `AnalyzedEvent.unknownValues` when the
        /// call was recorded as a template already (`url.template`).
        public var values: UInt64
    }

    public static func template(_ call: String) -> Template {
        let (method, url) = split(call)
        var values = FingerprintHasher()
        var replaced = 0
        var output = method.isEmpty ? "" : method + " "
        // scheme://authority, without user:password@.
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            output += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            output += authority
            rest = rest[authorityEnd...]
        }
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        let query = rest.firstIndex(of: "?").map { rest[rest.index(after: $0)...] }
        let path = rest.firstIndex(of: "?").map { rest[..<$0] } ?? rest
        var isTemplate = false
        output += path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            if segment.hasPrefix("{") || segment.hasPrefix(":") { isTemplate = true }
            guard let placeholder = placeholder(for: segment) else { return String(segment) }
            mix(segment, into: &values)
            replaced += 1
            return placeholder
        }.joined(separator: "/")
        if let query {
            output += "?" + query.split(separator: "&").map { pair -> String in
                guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
                mix(pair[pair.index(after: equals)...], into: &values)
                replaced += 1
                return String(pair[...equals]) + "{}"
            }.joined(separator: "&")
        }
        var fingerprint = FingerprintHasher()
        fingerprint.mix(0x4854_5450)  // "HTTP": never equal to a statement's fingerprint by design
        mix(Substring(output), into: &fingerprint)
        let unknown = isTemplate && replaced == 0
        return Template(text: output, fingerprint: fingerprint.finish(), values: unknown ? AnalyzedEvent.unknownValues : values.finish().value)
    }

    /// The URL without `user:password@`: credentials never reach an event, a report or a log.
    public static func withoutCredentials(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(rest[rest.index(after: at)...])
    }

    /// Whether a text reads as an HTTP call (`GET http://...`, `POST /path`) rather than SQL.
    public static func isCall(_ text: String) -> Bool {
        let (method, url) = split(text)
        return ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].contains(method)
            && (url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("/"))
    }

    private static func split(_ call: String) -> (method: String, url: String) {
        guard let space = call.firstIndex(of: " ") else { return ("", call) }
        return (String(call[..<space]).uppercased(), String(call[call.index(after: space)...]).trimmingSpaces)
    }

    private static func placeholder(for segment: Substring) -> String? {
        let bytes = segment.utf8
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return "{id}" }
        let isHex = bytes.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) || $0 == 45 }
        if isHex && bytes.count == 36 && bytes.filter({ $0 == 45 }).count == 4 { return "{uuid}" }
        let hasDigit = bytes.contains { $0 >= 48 && $0 <= 57 }
        if isHex && hasDigit && bytes.count >= 16 && !bytes.contains(45) { return "{hex}" }
        let hasLetter = bytes.contains { $0 | 0x20 >= 97 && $0 | 0x20 <= 122 }
        if hasDigit && hasLetter && bytes.count >= 16 { return "{token}" }
        return nil
    }

    private static func mix(_ text: Substring, into hasher: inout FingerprintHasher) {
        var copy = String(text)
        copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return hasher.mix(1 << 56) }
            hasher.mix(tag: 2, bytes: base, count: buffer.count, readable: buffer.count, foldCase: false)
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        while text.first == " " { text = text.dropFirst() }
        return String(text)
    }
}
