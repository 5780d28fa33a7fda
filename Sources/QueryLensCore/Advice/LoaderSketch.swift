/// A DataLoader-style sketch of the fix in the application: collect the keys, run one
/// batched query, map the rows back to their keys. Language-neutral on purpose: the shape of
/// the fix matters, not the syntax.
public enum LoaderSketch {
    public static func sketch(table: String, column: String, batchedQuery: String, relation: ORMHint.Relation) -> String {
        let keyOwner = column.hasSuffix("_id") ? String(column.dropLast(3)) : table
        switch relation {
        case .count:
            return """
                keys   = unique(\(keyOwner).id for each \(keyOwner) in the page)
                counts = query("\(batchedQuery)", [keys])    # one round trip
                count_by_key = map(row.\(column) -> row.count for row in counts), 0 when absent
                """
        case .belongsTo:
            return """
                keys = unique(row.<foreign key to \(table)> for each row already loaded)
                rows = query("\(batchedQuery)", [keys])    # one round trip
                by_key = index rows by \(column)
                for each row already loaded: row.\(ORMHint.singular(table)) = by_key[row.<foreign key>]
                """
        case .hasMany, .manyToMany:
            return """
                keys = unique(parent.id for each parent already loaded)
                rows = query("\(batchedQuery)", [keys])    # one round trip
                by_key = group rows by \(column)
                for each parent: parent.\(table) = by_key[parent.id] or []
                """
        }
    }
}
