/// A token after normalization: comments gone, literals and parameters replaced by numbered
/// placeholders, constant lists collapsed. The fingerprint, the readable text and the statement
/// shape are all computed from this one stream, so they cannot disagree.
public struct NormalizedToken: Equatable, Sendable, BitwiseCopyable {
    public enum Kind: UInt8, Sendable, BitwiseCopyable {
        case keyword = 1
        /// A table, column, alias, function or type name, quoted or not.
        case name
        /// One literal or parameter: `$n` in the text.
        case placeholder
        /// A collapsed constant list, `IN (1, 2, 3)` or `ARRAY[1, 2]`: `$n, ...` in the text.
        case valueList
        /// The second and later rows of a multi-row `VALUES`: `, ...` in the text.
        case moreRows
        case `operator`
        case punctuation
        /// Unknown bytes, kept as they are.
        case other
    }

    public var kind: Kind
    public var keyword: Keyword
    /// Index of the raw token this one stands for (the first, for merged ones).
    public var source: Int32
    /// For `.placeholder` and `.valueList`: the 1-based placeholder number.
    public var placeholder: Int32

    /// Whether the token ends an operand, so that a following `-` is binary, not a sign.
    var endsOperand: Bool {
        switch kind {
        case .name, .placeholder, .valueList: return true
        case .keyword: return keyword == .null || keyword == .true || keyword == .false
        default: return false
        }
    }
}

/// Where a placeholder's value came from: a parameter of the statement or a literal the
/// normalizer replaced. Values from logs may be personal data: reports redact them by default.
public struct PlaceholderValue: Equatable, Sendable, Codable {
    /// `true` for `$2`, `?`, `:name`: the value is bound separately; `text` is the parameter's name.
    public var isParameter: Bool
    /// The parameter's name, or the literal exactly as written (`'abc'`, `-5`, `E'\n'`).
    public var text: String

    public init(isParameter: Bool, text: String) {
        self.isParameter = isParameter
        self.text = text
    }
}

/// One `$n` of the normalized text.
public struct Placeholder: Equatable, Sendable, Codable {
    /// `n` of `$n`.
    public var number: Int
    /// Whether it stands for a collapsed list (`IN ($1, ...)`).
    public var isList: Bool
    /// The values in the original statement: one, or a list's elements in order.
    public var values: [PlaceholderValue]
}
