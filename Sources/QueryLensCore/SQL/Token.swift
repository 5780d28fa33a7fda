/// One lexical unit of a SQL statement: a kind and the byte range it covers in the input.
///
/// Tokens never copy text: later stages slice the original bytes, so a 10 MB statement costs
/// one array of 12-byte tokens and no strings.
public struct Token: Equatable, Sendable, BitwiseCopyable {
    public var kind: TokenKind
    /// Set when `kind == .keyword`; `.none` otherwise.
    public var keyword: Keyword
    /// Offset of the first byte.
    public var start: UInt32
    /// Offset one past the last byte.
    public var end: UInt32

    @inlinable
    public init(kind: TokenKind, keyword: Keyword = .none, start: Int, end: Int) {
        self.kind = kind
        self.keyword = keyword
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
    }

    @inlinable public var range: Range<Int> { Int(start)..<Int(end) }
    @inlinable public var length: Int { Int(end &- start) }
}

public enum TokenKind: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    /// An unquoted name that is not a keyword: table, column, function, type.
    case identifier
    case keyword
    /// `"name"`, SQLite's `` `name` `` and `[name]`.
    case quotedIdentifier
    /// `'text'`, `N'text'`.
    case string
    /// `E'text'` with backslash escapes.
    case escapeString
    /// `B'0101'` and `X'1F'`.
    case bitString
    /// `U&'d\0061t\+000061'`.
    case unicodeString
    /// `$$text$$`, `$tag$text$tag$`.
    case dollarString
    case number
    /// `$1`, `?`, `?12`, `:name`, `@name`, `$name`, `%s`, `%(name)s`.
    case parameter
    /// `=`, `<>`, `::`, `->>`, `@>`, `||`, and any other run of operator characters.
    case `operator`
    /// `(`, `)`, `,`, `;`, `.`, `[`, `]`, `:`, `{`, `}`.
    case punctuation
    case lineComment
    case blockComment
    /// A byte that starts no token of either dialect. The lexer never fails; it says this instead.
    case unknown

    /// Values that normalization replaces by a placeholder.
    @inlinable public var isLiteral: Bool {
        switch self {
        case .string, .escapeString, .bitString, .unicodeString, .dollarString, .number: return true
        default: return false
        }
    }

    @inlinable public var isComment: Bool { self == .lineComment || self == .blockComment }

    /// Whether the token stands for a name (of a table, column, alias, function).
    @inlinable public var isName: Bool { self == .identifier || self == .quotedIdentifier }

    /// The lowercase name `querylens sql tokens` prints.
    public var name: String {
        switch self {
        case .identifier: return "identifier"
        case .keyword: return "keyword"
        case .quotedIdentifier: return "quoted_identifier"
        case .string: return "string"
        case .escapeString: return "escape_string"
        case .bitString: return "bit_string"
        case .unicodeString: return "unicode_string"
        case .dollarString: return "dollar_string"
        case .number: return "number"
        case .parameter: return "parameter"
        case .operator: return "operator"
        case .punctuation: return "punctuation"
        case .lineComment: return "line_comment"
        case .blockComment: return "block_comment"
        case .unknown: return "unknown"
        }
    }
}
