/// Finds a `StatementShape` in a normalized token stream.
///
/// Two passes. The first gives every token a scope (a subquery or CTE body opens one) and a
/// depth inside it, and collects the table references of each scope with their aliases. The
/// second reads clauses per scope (only at the scope's own depth, so `ORDER BY` inside
/// `OVER (...)` is not the query's order) and turns comparisons into predicates and joins.
struct ShapeAnalyzer {
    let view: NormalizedView
    private var tokens: UnsafeBufferPointer<NormalizedToken> { view.normalized }
    private var scopeOf: [Int] = []
    private var depthOf: [Int] = []
    private var parentOf: [Int] = [-1]
    /// Per scope: alias or table name → real table name (`nil` for CTEs and derived tables).
    private var names: [[String: String?]] = [[:]]
    private var cteNames: Set<String> = []
    private var shape = StatementShape()
    private var placeholders: [Int: Placeholder] = [:]

    init(view: NormalizedView) {
        self.view = view
    }

    mutating func analyze() -> StatementShape {
        guard !tokens.isEmpty else { return shape }
        for placeholder in view.placeholders() { placeholders[placeholder.number] = placeholder }
        assignScopes()
        shape.kind = statementKind()
        collectTables()
        readClauses()
        if shape.kind == .select { shape.selected = selectList() }
        return shape
    }

    /// The outer select list when every item is a plain column, optionally aliased.
    private func selectList() -> [ColumnReference]? {
        guard let select = tokens.indices.first(where: { scopeOf[$0] == 0 && depthOf[$0] == 0 && tokens[$0].keyword == .select }),
            let from = tokens.indices.first(where: { $0 > select && scopeOf[$0] == 0 && depthOf[$0] == 0 && tokens[$0].keyword == .from })
        else { return nil }
        var columns: [ColumnReference] = []
        var index = select + 1
        if view.isKeyword(index, .distinct) { index += 1 }
        while index < from {
            guard let (reference, next) = column(startingAt: index) else { return nil }
            columns.append(reference)
            index = next
            if view.isKeyword(index, .as), index + 1 < from, tokens[index + 1].kind == .name { index += 2 }
            if index < from {
                guard view.isPunctuation(index, ",") else { return nil }
                index += 1
            }
        }
        return columns.isEmpty ? nil : columns
    }

    // MARK: - Scopes

    private mutating func assignScopes() {
        var stack: [(scope: Int, baseDepth: Int)] = [(0, 0)]
        var depth = 0
        scopeOf = Array(repeating: 0, count: tokens.count)
        depthOf = Array(repeating: 0, count: tokens.count)
        for index in tokens.indices {
            if view.isPunctuation(index, ")") {
                depth -= 1
                while stack.count > 1 && depth < stack[stack.count - 1].baseDepth { stack.removeLast() }
            }
            scopeOf[index] = stack[stack.count - 1].scope
            depthOf[index] = depth - stack[stack.count - 1].baseDepth
            if view.isPunctuation(index, "(") {
                depth += 1
                if view.isKeyword(index + 1, .select) || view.isKeyword(index + 1, .with) || view.isKeyword(index + 1, .values) {
                    let scope = parentOf.count
                    parentOf.append(stack[stack.count - 1].scope)
                    names.append([:])
                    stack.append((scope, depth))
                }
                // `name AS (` and `name AS [NOT] MATERIALIZED (` name a CTE.
                var before = index - 1
                if view.isKeyword(before, .materialized) { before -= 1 }
                if view.isKeyword(before, .not) { before -= 1 }
                if view.isKeyword(before, .as) {
                    var nameIndex = before - 1
                    if view.isPunctuation(nameIndex, ")") { nameIndex = openingParenthesis(of: nameIndex) - 1 }
                    if nameIndex >= 0 && tokens[nameIndex].kind == .name { cteNames.insert(view.name(at: nameIndex)) }
                }
            }
        }
    }

    private func openingParenthesis(of close: Int) -> Int {
        var depth = 0
        var index = close
        while index >= 0 {
            if view.isPunctuation(index, ")") { depth += 1 }
            if view.isPunctuation(index, "(") {
                depth -= 1
                if depth == 0 { return index }
            }
            index -= 1
        }
        return 0
    }

    private func statementKind() -> StatementShape.Kind {
        for index in tokens.indices where scopeOf[index] == 0 && depthOf[index] == 0 && tokens[index].kind == .keyword {
            switch tokens[index].keyword {
            case .select, .values: return .select
            case .insert: return .insert
            case .update: return .update
            case .delete: return .delete
            case .with, .recursive, .as, .not, .materialized: continue
            default: return .other
            }
        }
        return view.isPunctuation(0, "(") && view.isKeyword(1, .select) ? .select : .other
    }

    // MARK: - Tables

    private mutating func collectTables() {
        let isCreateIndex = view.isKeyword(0, .create) && tokens.prefix(6).contains { $0.keyword == .index }
        for index in tokens.indices where tokens[index].kind == .keyword {
            let scope = scopeOf[index]
            switch tokens[index].keyword {
            case .from, .join, .into, .table, .truncate, .copy:
                readTableList(startingAt: index + 1, scope: scope, allowsList: tokens[index].keyword == .from)
            case .update:
                // Not `FOR [NO KEY] UPDATE` or `ON CONFLICT DO UPDATE`.
                let previous = index > 0 ? tokens[index - 1] : nil
                let isLockingClause = previous?.keyword == .for || (previous?.kind == .name && view.name(at: index - 1) == "key")
                if !isLockingClause && previous?.keyword != .do {
                    readTableList(startingAt: index + 1, scope: scope, allowsList: false)
                }
            case .using:
                if shape.kind == .delete && !view.isPunctuation(index + 1, "(") {
                    readTableList(startingAt: index + 1, scope: scope, allowsList: true)
                }
            case .on where isCreateIndex && depthOf[index] == 0:
                readTableList(startingAt: index + 1, scope: scope, allowsList: false)
            default:
                break
            }
        }
    }

    /// `[ONLY|LATERAL] name[.name] [[AS] alias]`, or `(subquery) [AS] alias`, repeated after
    /// commas when `allowsList`.
    private mutating func readTableList(startingAt start: Int, scope: Int, allowsList: Bool) {
        var index = start
        while index < tokens.count {
            while view.isKeyword(index, .only) || view.isKeyword(index, .lateral) { index += 1 }
            var realName: String?
            var schema: String?
            var ownName: String?
            if view.isPunctuation(index, "(") {
                index = closingParenthesis(of: index) + 1
            } else if index < tokens.count && tokens[index].kind == .name {
                var parts = [view.name(at: index)]
                index += 1
                while view.isPunctuation(index, ".") && index + 1 < tokens.count && tokens[index + 1].kind == .name {
                    parts.append(view.name(at: index + 1))
                    index += 2
                }
                if view.isPunctuation(index, "(") && shape.kind != .insert && !view.isKeyword(start - 1, .on) {
                    index = closingParenthesis(of: index) + 1  // a set-returning function
                } else {
                    ownName = parts[parts.count - 1]
                    schema = parts.count > 1 ? parts[parts.count - 2] : nil
                    if let name = ownName, !(parts.count == 1 && cteNames.contains(name)) { realName = name }
                }
            } else {
                return
            }
            var alias: String?
            if view.isKeyword(index, .as) { index += 1 }
            if index < tokens.count && tokens[index].kind == .name && !(shape.kind == .insert && view.isPunctuation(index + 1, "(")) {
                alias = view.name(at: index)
                index += 1
            }
            if let name = realName {
                shape.tables.append(TableReference(name: name, schema: schema, alias: alias, scope: scope))
            }
            if let name = ownName { names[scope][name] = .some(realName) }
            if let alias { names[scope][alias] = .some(realName) }
            guard allowsList && view.isPunctuation(index, ",") else { return }
            index += 1
        }
    }

    private func closingParenthesis(of open: Int) -> Int {
        var depth = 0
        var index = open
        while index < tokens.count {
            if view.isPunctuation(index, "(") { depth += 1 }
            if view.isPunctuation(index, ")") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return tokens.count - 1
    }

    // MARK: - Columns

    /// The real table a qualifier names, looking outward through enclosing scopes.
    private func table(forQualifier qualifier: String, scope: Int) -> String? {
        var current = scope
        while current >= 0 {
            if let entry = names[current][qualifier] { return entry }
            current = parentOf[current]
        }
        return nil
    }

    /// The only real table of a scope, for unqualified columns.
    private func soleTable(scope: Int) -> String? {
        guard names[scope].count >= 1 else { return nil }
        let tables = shape.tables.filter { $0.scope == scope }
        let derivedCount = names[scope].values.filter { $0 == nil }.count
        guard tables.count == 1, derivedCount == 0 else { return nil }
        return tables[0].name
    }

    /// A column reference `[schema.][table.]column` ending at `end`, not part of a longer
    /// expression on its left (`f(x).y`) and not a function call.
    private func column(endingAt end: Int, checkingLeft: Bool = true) -> (ColumnReference, start: Int)? {
        guard end >= 0, end < tokens.count, tokens[end].kind == .name, !view.isPunctuation(end + 1, "(") else { return nil }
        var start = end
        while start >= 2 && view.isPunctuation(start - 1, ".") && tokens[start - 2].kind == .name { start -= 2 }
        // Part of an expression (`x.y`, `a + b`), not a column standing alone.
        if checkingLeft && start >= 1 && (view.isPunctuation(start - 1, ".") || tokens[start - 1].kind == .operator) { return nil }
        let scope = scopeOf[end]
        let columnName = view.name(at: end)
        if start == end { return (ColumnReference(table: soleTable(scope: scope), column: columnName), start) }
        return (ColumnReference(table: table(forQualifier: view.name(at: end - 2), scope: scope), column: columnName), start)
    }

    /// The column left of a comparison at `index`, looking through a cast (`title::text LIKE`).
    private func leftColumn(before index: Int) -> ColumnReference? {
        if index >= 3, tokens[index - 1].kind == .name, view.isOperator(index - 2, "::") {
            return column(endingAt: index - 3)?.0
        }
        return column(endingAt: index - 1)?.0
    }

    /// A column reference starting at `start`; returns it and the index after it.
    private func column(startingAt start: Int) -> (ColumnReference, next: Int)? {
        guard start < tokens.count, tokens[start].kind == .name else { return nil }
        var end = start
        while view.isPunctuation(end + 1, ".") && end + 2 < tokens.count && tokens[end + 2].kind == .name { end += 2 }
        guard let (reference, _) = column(endingAt: end, checkingLeft: false) else { return nil }
        return (reference, end + 1)
    }

    // MARK: - Clauses

    private enum Clause { case other, predicate, orderBy, groupBy, set, insertColumns }

    private mutating func readClauses() {
        var clause = Array(repeating: Clause.other, count: parentOf.count)
        var insertColumns: [ColumnReference] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let scope = scopeOf[index]
            let atScopeDepth = depthOf[index] == 0
            if token.kind == .keyword && atScopeDepth {
                switch token.keyword {
                case .where, .on, .having:
                    clause[scope] = .predicate
                case .by where index > 0 && tokens[index - 1].keyword == .order:
                    clause[scope] = .orderBy
                case .by where index > 0 && tokens[index - 1].keyword == .group:
                    clause[scope] = .groupBy
                case .set where shape.kind == .update || clause[scope] == .other:
                    clause[scope] = .set
                case .limit, .fetch:
                    if scope == 0 { shape.hasLimit = true }
                    clause[scope] = .other
                case .offset:
                    if scope == 0 { shape.hasOffset = true }
                    clause[scope] = .other
                case .and, .or, .not, .is, .null, .in, .like, .ilike, .between, .any, .some, .true, .false, .exists,
                    .asc, .desc, .nulls, .array, .case, .when, .then, .else, .end, .cast, .as:
                    break
                default:
                    clause[scope] = .other
                }
            }
            if shape.kind == .insert && scope == 0 && depthOf[index] == 0 && view.isPunctuation(index, "(")
                && index >= 1 && tokens[index - 1].kind == .name && insertColumns.isEmpty
            {
                index = readInsertColumns(from: index + 1, into: &insertColumns)
                continue
            }
            if shape.kind == .insert && view.isKeyword(index, .values) && view.isPunctuation(index + 1, "(") {
                mapInsertValues(from: index + 2, columns: insertColumns)
            }
            switch clause[scope] {
            case .predicate:
                readPredicate(at: index)
            case .orderBy where atScopeDepth && (view.isKeyword(index - 1, .by) || view.isPunctuation(index - 1, ",")):
                if let (reference, next) = column(startingAt: index), isItemEnd(next) {
                    let descending = view.isKeyword(next, .desc)
                    shape.orderBy.append(OrderColumn(column: reference, descending: descending, scope: scope))
                }
            case .groupBy where atScopeDepth && (view.isKeyword(index - 1, .by) || view.isPunctuation(index - 1, ",")):
                if let (reference, next) = column(startingAt: index), isItemEnd(next) { shape.groupBy.append(reference) }
            case .set where atScopeDepth && (view.isKeyword(index - 1, .set) || view.isPunctuation(index - 1, ",")):
                if let (reference, next) = column(startingAt: index), view.isOperator(next, "=") {
                    let value = tokens.indices.contains(next + 1) && tokens[next + 1].kind == .placeholder && isItemEnd(next + 2)
                    shape.writes.append(ColumnWrite(column: reference, placeholder: value ? Int(tokens[next + 1].placeholder) : nil))
                }
            default:
                break
            }
            index += 1
        }
    }

    /// Whether an ORDER BY / GROUP BY / SET item ends at `index` (so the item was a bare column).
    private func isItemEnd(_ index: Int) -> Bool {
        guard index < tokens.count else { return true }
        if tokens[index].kind == .keyword { return true }
        return view.isPunctuation(index, ",") || view.isPunctuation(index, ")") || view.isPunctuation(index, ";")
    }

    private func readInsertColumns(from start: Int, into columns: inout [ColumnReference]) -> Int {
        var index = start
        let table = shape.tables.first { $0.scope == 0 }?.name
        while index < tokens.count && !view.isPunctuation(index, ")") {
            if tokens[index].kind == .name { columns.append(ColumnReference(table: table, column: view.name(at: index))) }
            index += 1
        }
        return index + 1
    }

    /// Pairs the insert's column list with the first row's values by position.
    private mutating func mapInsertValues(from start: Int, columns: [ColumnReference]) {
        var position = 0
        var index = start
        var depth = 0
        var single = true
        var placeholder: Int?
        while index < tokens.count {
            if view.isPunctuation(index, "(") { depth += 1 }
            let closes = view.isPunctuation(index, ")")
            if (closes && depth == 0) || (view.isPunctuation(index, ",") && depth == 0) {
                if position < columns.count { shape.writes.append(ColumnWrite(column: columns[position], placeholder: single ? placeholder : nil)) }
                position += 1
                single = true
                placeholder = nil
                if closes { return }
            } else if closes {
                depth -= 1
                single = false
            } else if tokens[index].kind == .placeholder && placeholder == nil && single {
                placeholder = Int(tokens[index].placeholder)
            } else if !(view.isOperator(index, "::") || (index > 0 && view.isOperator(index - 1, "::"))) {
                single = false
            }
            index += 1
        }
    }

    // MARK: - Predicates

    private mutating func readPredicate(at index: Int) {
        let token = tokens[index]
        let scope = scopeOf[index]
        if token.kind == .operator {
            guard let comparison = comparisonOperator(at: index) else { return }
            let left = leftColumn(before: index)
            let right = rightOperand(after: index, comparison: comparison)
            switch (left, right) {
            case (let column?, .column(let other)?):
                if comparison == .equality { shape.joins.append(JoinCondition(left: column, right: other, scope: scope)) }
            case (let column?, .value(let op, let number, let constant)?):
                append(column, op, number, constant, scope)
            case (nil, .column(let other)?):
                // `$1 = author_id`: the value is on the left.
                if index >= 1, tokens[index - 1].kind == .placeholder {
                    append(other, comparison, Int(tokens[index - 1].placeholder), nil, scope)
                }
            default:
                break
            }
            return
        }
        guard token.kind == .keyword else { return }
        switch token.keyword {
        case .in where !view.isKeyword(index - 1, .not):
            guard let reference = leftColumn(before: index) else { return }
            if view.isPunctuation(index + 1, "("), index + 2 < tokens.count, tokens[index + 2].kind == .valueList {
                append(reference, .in, Int(tokens[index + 2].placeholder), nil, scope)
            } else {
                append(reference, .in, nil, nil, scope)
            }
        case .like, .ilike:
            let notLike = view.isKeyword(index - 1, .not)
            guard !notLike, let reference = leftColumn(before: index) else { return }
            let number = index + 1 < tokens.count && tokens[index + 1].kind == .placeholder ? Int(tokens[index + 1].placeholder) : nil
            let op: PredicateOperator = token.keyword == .like && isPrefixPattern(number) ? .likePrefix : .like
            append(reference, op, number, nil, scope)
        case .is:
            guard let reference = leftColumn(before: index) else { return }
            if view.isKeyword(index + 1, .null) {
                append(reference, .isNull, nil, "NULL", scope)
            } else if view.isKeyword(index + 1, .not) && view.isKeyword(index + 2, .null) {
                append(reference, .isNotNull, nil, "NOT NULL", scope)
            } else if view.isKeyword(index + 1, .true) || view.isKeyword(index + 1, .false) {
                append(reference, .equality, nil, tokens[index + 1].keyword.text.lowercased(), scope)
            }
        case .between where !view.isKeyword(index - 1, .not):
            guard let reference = leftColumn(before: index) else { return }
            let number = index + 1 < tokens.count && tokens[index + 1].kind == .placeholder ? Int(tokens[index + 1].placeholder) : nil
            append(reference, .range, number, nil, scope)
        default:
            break
        }
    }

    private mutating func append(_ column: ColumnReference, _ op: PredicateOperator, _ placeholder: Int?, _ constant: String?, _ scope: Int) {
        shape.predicates.append(ColumnPredicate(column: column, operator: op, placeholder: placeholder, constant: constant, scope: scope))
    }

    private func comparisonOperator(at index: Int) -> PredicateOperator? {
        for (text, op) in [("=", PredicateOperator.equality), ("<", .range), (">", .range), ("<=", .range), (">=", .range),
                           ("<>", .notEqual), ("!=", .notEqual)] where view.isOperator(index, text) {
            return op
        }
        return nil
    }

    private enum Operand {
        case column(ColumnReference)
        case value(PredicateOperator, Int?, String?)
    }

    private func rightOperand(after index: Int, comparison: PredicateOperator) -> Operand? {
        let next = index + 1
        guard next < tokens.count else { return nil }
        let token = tokens[next]
        switch token.kind {
        case .placeholder:
            return .value(comparison, Int(token.placeholder), nil)
        case .name:
            // `a = b.c` is a join; `a > now() - interval $1` or `a = b.c + 1` compares to an expression.
            guard let (reference, after) = column(startingAt: next), !view.isPunctuation(after, "("),
                !(after < tokens.count && tokens[after].kind == .operator && !view.isOperator(after, "::"))
            else { return .value(comparison, nil, nil) }
            return .column(reference)
        case .keyword:
            switch token.keyword {
            case .any where comparison == .equality, .some where comparison == .equality:
                guard view.isPunctuation(next + 1, "(") else { return nil }
                var inner = next + 2
                if view.isKeyword(inner, .array) && view.isPunctuation(inner + 1, "[") { inner += 2 }
                if inner < tokens.count && (tokens[inner].kind == .placeholder || tokens[inner].kind == .valueList) {
                    return .value(.in, Int(tokens[inner].placeholder), nil)
                }
                return .value(.in, nil, nil)
            case .true, .false, .null:
                return .value(comparison, nil, token.keyword.text.lowercased())
            default:
                return .value(comparison, nil, nil)
            }
        default:
            return .value(comparison, nil, nil)
        }
    }

    /// A literal pattern like `'abc%'`: no leading wildcard.
    private func isPrefixPattern(_ number: Int?) -> Bool {
        guard let number, let value = placeholders[number]?.values.first, !value.isParameter else { return false }
        let text = value.text
        guard text.count >= 3, text.hasPrefix("'") else { return false }
        let body = text.dropFirst()
        guard let first = body.first else { return false }
        return first != "%" && first != "_"
    }
}
