/// What a statement does to which tables and columns, found from its tokens without a full
/// grammar. Detectors use it to name the table and column of an N+1 and to rewrite
/// `author_id = $1` into a batched `author_id = ANY($1)`; index advice uses the predicate,
/// join and order columns.
public struct StatementShape: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case select, insert, update, delete, other
        /// Not SQL: an outgoing HTTP request of a trace (`HTTPCallTemplate`).
        case httpCall = "http_call"
    }

    public var kind: Kind = .other
    /// Real tables referenced (CTEs and derived tables are not tables), in order of appearance.
    public var tables: [TableReference] = []
    public var predicates: [ColumnPredicate] = []
    public var joins: [JoinCondition] = []
    public var orderBy: [OrderColumn] = []
    public var groupBy: [ColumnReference] = []
    /// Columns an INSERT or UPDATE writes, with the placeholder that feeds each.
    public var writes: [ColumnWrite] = []
    /// The outer SELECT's list when it is plain columns (`SELECT a, t.b AS c`); `nil` with
    /// `*` or any expression. What a covering index would have to INCLUDE.
    public var selected: [ColumnReference]?
    /// LIMIT / FETCH FIRST on the outermost query.
    public var hasLimit = false
    /// OFFSET on the outermost query.
    public var hasOffset = false

    public init() {}
}

public struct TableReference: Equatable, Sendable, Codable {
    /// Unquoted names lower-cased, quoted names as written.
    public var name: String
    public var schema: String?
    public var alias: String?
    /// 0 for the outermost query; each subquery or CTE body has its own.
    public var scope: Int

    public init(name: String, schema: String?, alias: String?, scope: Int) {
        self.name = name
        self.schema = schema
        self.alias = alias
        self.scope = scope
    }
}

/// A column with the real table it belongs to, when the statement says (through a qualifier,
/// an alias, or by having only one table in scope).
public struct ColumnReference: Equatable, Hashable, Sendable, Codable {
    public var table: String?
    public var column: String

    public init(table: String?, column: String) {
        self.table = table
        self.column = column
    }
}

public enum PredicateOperator: String, Sendable, Codable {
    /// `=`
    case equality
    /// `IN (...)`, `= ANY(...)`
    case `in`
    /// `<`, `<=`, `>`, `>=`, `BETWEEN`
    case range
    /// `LIKE 'abc%'`: a B-tree can serve it.
    case likePrefix = "like_prefix"
    /// `LIKE` with a leading wildcard or an unknown pattern, `ILIKE`.
    case like
    case isNull = "is_null"
    case isNotNull = "is_not_null"
    /// `<>`, `!=`
    case notEqual = "not_equal"
}

public struct ColumnPredicate: Equatable, Sendable, Codable {
    public var column: ColumnReference
    public var `operator`: PredicateOperator
    /// The `$n` that feeds the comparison, when it is one placeholder or list.
    public var placeholder: Int?
    /// The constant compared to (`true`, `NULL`), for partial-index candidates.
    public var constant: String?
    public var scope: Int

    public init(column: ColumnReference, `operator`: PredicateOperator, placeholder: Int?, constant: String?, scope: Int) {
        self.column = column
        self.operator = `operator`
        self.placeholder = placeholder
        self.constant = constant
        self.scope = scope
    }
}

public struct JoinCondition: Equatable, Sendable, Codable {
    public var left: ColumnReference
    public var right: ColumnReference
    public var scope: Int

    public init(left: ColumnReference, right: ColumnReference, scope: Int) {
        self.left = left
        self.right = right
        self.scope = scope
    }
}

public struct OrderColumn: Equatable, Sendable, Codable {
    public var column: ColumnReference
    public var descending: Bool
    public var scope: Int

    public init(column: ColumnReference, descending: Bool, scope: Int) {
        self.column = column
        self.descending = descending
        self.scope = scope
    }
}

public struct ColumnWrite: Equatable, Sendable, Codable {
    public var column: ColumnReference
    public var placeholder: Int?

    public init(column: ColumnReference, placeholder: Int?) {
        self.column = column
        self.placeholder = placeholder
    }
}
