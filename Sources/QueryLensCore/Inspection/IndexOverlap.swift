/// Indexes that another index of the same table makes useless: the same key columns (same
/// method, operator classes, expressions and predicate), or a left prefix of a B-tree's. The
/// same rules for PostgreSQL and SQLite; each inspector describes its indexes as `Index`.
enum IndexOverlap {
    struct Index: Sendable {
        var schema: String?
        var table: String
        var name: String
        var method: String
        /// Key columns or expressions, in order, as the database prints them.
        var columns: [String]
        /// Operator classes (PostgreSQL), empty where the database has none.
        var operatorClasses: [String]
        var predicate: String?
        /// Unique, or behind a primary key, unique or exclusion constraint: it enforces
        /// something, so it is never the one to drop.
        var enforces: Bool
        var valid: Bool
        var sizeBytes: Int64?

        var qualifiedName: String { schema.map { "\($0).\(name)" } ?? name }
        var qualifiedTable: String { schema.map { "\($0).\(table)" } ?? table }
    }

    /// One finding per redundant index, naming the index that serves its queries.
    static func findings(_ indexes: [Index], dropStatement: (Index) -> String) -> [Finding] {
        var found: [String: Finding] = [:]
        let byTable = Dictionary(grouping: indexes.filter(\.valid), by: \.qualifiedTable)
        for table in byTable.keys.sorted() {
            let group = (byTable[table] ?? []).sorted { $0.name < $1.name }
            for redundant in group where !redundant.enforces {
                // A longer index that serves it first, so that two identical short indexes both
                // name the index that stays.
                let keeper = group.sorted { ($0.columns.count, $1.name) > ($1.columns.count, $0.name) }.first { other in
                    guard other.name != redundant.name, other.method == redundant.method, other.predicate == redundant.predicate else { return false }
                    if other.columns == redundant.columns && other.operatorClasses == redundant.operatorClasses {
                        // Of two identical indexes, drop the one that enforces nothing, or the later name.
                        return other.enforces || other.name < redundant.name
                    }
                    return redundant.method == "btree" && isLeftPrefix(redundant, of: other)
                }
                guard let keeper else { continue }
                let same = keeper.columns == redundant.columns
                let measured = same
                    ? "the same columns as \(keeper.qualifiedName) (\(keeper.columns.joined(separator: ", "))); \(CatalogFinding.size(redundant.sizeBytes))"
                    : "(\(redundant.columns.joined(separator: ", "))) is a left prefix of \(keeper.qualifiedName) (\(keeper.columns.joined(separator: ", "))), which serves the same queries; \(CatalogFinding.size(redundant.sizeBytes))"
                found[redundant.qualifiedName] = CatalogFinding.make(
                    .duplicateIndex, object: redundant.qualifiedName, table: redundant.qualifiedTable, columns: redundant.columns,
                    definition: "\(redundant.qualifiedName) ON \(redundant.qualifiedTable) (\(redundant.columns.joined(separator: ", ")))",
                    summary: "Drop \(redundant.qualifiedName): \(keeper.qualifiedName) answers every query it does, and each write maintains both.",
                    measured: measured, fix: dropStatement(redundant), sizeBytes: redundant.sizeBytes)
            }
        }
        return found.keys.sorted().compactMap { found[$0] }
    }

    static func isLeftPrefix(_ short: Index, of long: Index) -> Bool {
        guard short.columns.count < long.columns.count, !short.columns.isEmpty else { return false }
        let count = short.columns.count
        guard Array(long.columns.prefix(count)) == short.columns else { return false }
        return short.operatorClasses.isEmpty || Array(long.operatorClasses.prefix(count)) == short.operatorClasses
    }

    /// Whether some index leads with exactly `columns` (in any order): what a foreign key's
    /// lookups and cascades need.
    static func covers(_ indexes: [Index], table: String, columns: [String]) -> Bool {
        indexes.contains { index in
            index.qualifiedTable == table && index.valid && index.predicate == nil && index.columns.count >= columns.count
                && Set(index.columns.prefix(columns.count)) == Set(columns)
        }
    }
}
