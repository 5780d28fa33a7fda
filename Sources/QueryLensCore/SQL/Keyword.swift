/// The SQL words QueryLens treats as keywords: upper-cased in normalized text, and the
/// landmarks the statement shape is found by. Deliberately small: a word that is often a column
/// name (`name`, `key`, `type`, `status`, `start`, `language`) stays an identifier, so it keeps its
/// case and can be a predicate column. Adding a word here changes fingerprints: bump
/// `Fingerprint.version` when you do.
public enum Keyword: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    case none = 0
    case all
    case analyse
    case analyze
    case and
    case `any`
    case array
    case `as`
    case asc
    case asymmetric
    case both
    case `case`
    case cast
    case check
    case collate
    case column
    case constraint
    case create
    case currentDate
    case currentTime
    case currentTimestamp
    case currentUser
    case `default`
    case deferrable
    case desc
    case distinct
    case `do`
    case `else`
    case end
    case except
    case `false`
    case fetch
    case `for`
    case foreign
    case from
    case grant
    case group
    case having
    case `in`
    case initially
    case intersect
    case into
    case lateral
    case leading
    case limit
    case localtime
    case localtimestamp
    case not
    case null
    case offset
    case on
    case only
    case or
    case order
    case primary
    case references
    case returning
    case select
    case sessionUser
    case `some`
    case symmetric
    case table
    case then
    case to
    case trailing
    case `true`
    case union
    case unique
    case user
    case using
    case variadic
    case when
    case `where`
    case window
    case with
    case join
    case inner
    case left
    case right
    case full
    case outer
    case cross
    case natural
    case like
    case ilike
    case `is`
    case isnull
    case notnull
    case between
    case similar
    case exists
    case insert
    case update
    case delete
    case `set`
    case values
    case begin
    case commit
    case rollback
    case savepoint
    case release
    case transaction
    case nulls
    case recursive
    case materialized
    case conflict
    case nothing
    case over
    case partition
    case filter
    case rows
    case index
    case drop
    case alter
    case add
    case `if`
    case explain
    case vacuum
    case copy
    case truncate
    case within
    case escape
    case abort
    case prepare
    case execute
    case deallocate
    case `lock`
    case by
    case concurrently
    case view
    case trigger
    case function
    case sequence
    case schema
    case row

    /// The spelling in normalized text.
    public var text: String {
        switch self {
        case .none: return ""
        case .all: return "ALL"
        case .analyse: return "ANALYSE"
        case .analyze: return "ANALYZE"
        case .and: return "AND"
        case .any: return "ANY"
        case .array: return "ARRAY"
        case .as: return "AS"
        case .asc: return "ASC"
        case .asymmetric: return "ASYMMETRIC"
        case .both: return "BOTH"
        case .case: return "CASE"
        case .cast: return "CAST"
        case .check: return "CHECK"
        case .collate: return "COLLATE"
        case .column: return "COLUMN"
        case .constraint: return "CONSTRAINT"
        case .create: return "CREATE"
        case .currentDate: return "CURRENT_DATE"
        case .currentTime: return "CURRENT_TIME"
        case .currentTimestamp: return "CURRENT_TIMESTAMP"
        case .currentUser: return "CURRENT_USER"
        case .default: return "DEFAULT"
        case .deferrable: return "DEFERRABLE"
        case .desc: return "DESC"
        case .distinct: return "DISTINCT"
        case .do: return "DO"
        case .else: return "ELSE"
        case .end: return "END"
        case .except: return "EXCEPT"
        case .false: return "FALSE"
        case .fetch: return "FETCH"
        case .for: return "FOR"
        case .foreign: return "FOREIGN"
        case .from: return "FROM"
        case .grant: return "GRANT"
        case .group: return "GROUP"
        case .having: return "HAVING"
        case .in: return "IN"
        case .initially: return "INITIALLY"
        case .intersect: return "INTERSECT"
        case .into: return "INTO"
        case .lateral: return "LATERAL"
        case .leading: return "LEADING"
        case .limit: return "LIMIT"
        case .localtime: return "LOCALTIME"
        case .localtimestamp: return "LOCALTIMESTAMP"
        case .not: return "NOT"
        case .null: return "NULL"
        case .offset: return "OFFSET"
        case .on: return "ON"
        case .only: return "ONLY"
        case .or: return "OR"
        case .order: return "ORDER"
        case .primary: return "PRIMARY"
        case .references: return "REFERENCES"
        case .returning: return "RETURNING"
        case .select: return "SELECT"
        case .sessionUser: return "SESSION_USER"
        case .some: return "SOME"
        case .symmetric: return "SYMMETRIC"
        case .table: return "TABLE"
        case .then: return "THEN"
        case .to: return "TO"
        case .trailing: return "TRAILING"
        case .true: return "TRUE"
        case .union: return "UNION"
        case .unique: return "UNIQUE"
        case .user: return "USER"
        case .using: return "USING"
        case .variadic: return "VARIADIC"
        case .when: return "WHEN"
        case .where: return "WHERE"
        case .window: return "WINDOW"
        case .with: return "WITH"
        case .join: return "JOIN"
        case .inner: return "INNER"
        case .left: return "LEFT"
        case .right: return "RIGHT"
        case .full: return "FULL"
        case .outer: return "OUTER"
        case .cross: return "CROSS"
        case .natural: return "NATURAL"
        case .like: return "LIKE"
        case .ilike: return "ILIKE"
        case .is: return "IS"
        case .isnull: return "ISNULL"
        case .notnull: return "NOTNULL"
        case .between: return "BETWEEN"
        case .similar: return "SIMILAR"
        case .exists: return "EXISTS"
        case .insert: return "INSERT"
        case .update: return "UPDATE"
        case .delete: return "DELETE"
        case .set: return "SET"
        case .values: return "VALUES"
        case .begin: return "BEGIN"
        case .commit: return "COMMIT"
        case .rollback: return "ROLLBACK"
        case .savepoint: return "SAVEPOINT"
        case .release: return "RELEASE"
        case .transaction: return "TRANSACTION"
        case .nulls: return "NULLS"
        case .recursive: return "RECURSIVE"
        case .materialized: return "MATERIALIZED"
        case .conflict: return "CONFLICT"
        case .nothing: return "NOTHING"
        case .over: return "OVER"
        case .partition: return "PARTITION"
        case .filter: return "FILTER"
        case .rows: return "ROWS"
        case .index: return "INDEX"
        case .drop: return "DROP"
        case .alter: return "ALTER"
        case .add: return "ADD"
        case .if: return "IF"
        case .explain: return "EXPLAIN"
        case .vacuum: return "VACUUM"
        case .copy: return "COPY"
        case .truncate: return "TRUNCATE"
        case .within: return "WITHIN"
        case .escape: return "ESCAPE"
        case .abort: return "ABORT"
        case .prepare: return "PREPARE"
        case .execute: return "EXECUTE"
        case .deallocate: return "DEALLOCATE"
        case .lock: return "LOCK"
        case .by: return "BY"
        case .concurrently: return "CONCURRENTLY"
        case .view: return "VIEW"
        case .trigger: return "TRIGGER"
        case .function: return "FUNCTION"
        case .sequence: return "SEQUENCE"
        case .schema: return "SCHEMA"
        case .row: return "ROW"
        }
    }
}
