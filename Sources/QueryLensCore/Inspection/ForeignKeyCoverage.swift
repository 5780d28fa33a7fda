/// Foreign keys whose referencing columns lead no index (`unindexed_foreign_key`).
enum ForeignKeyCoverage {
    struct ForeignKey: Sendable {
        var schema: String?
        var table: String
        var name: String
        var columns: [String]
        var referencedTable: String
        var tableSizeBytes: Int64?

        var qualifiedTable: String { schema.map { "\($0).\(table)" } ?? table }
    }

    static func findings(_ keys: [ForeignKey], indexes: [IndexOverlap.Index], createStatement: (ForeignKey) -> String) -> [Finding] {
        keys.filter { !IndexOverlap.covers(indexes, table: $0.qualifiedTable, columns: $0.columns) }
            .sorted { ($0.qualifiedTable, $0.name) < ($1.qualifiedTable, $1.name) }
            .map { key in
                let columns = key.columns.joined(separator: ", ")
                return CatalogFinding.make(
                    .unindexedForeignKey, object: "\(key.qualifiedTable) (\(columns))", table: key.qualifiedTable, columns: key.columns,
                    definition: "FOREIGN KEY (\(columns)) REFERENCES \(key.referencedTable)",
                    summary: "Index \(key.qualifiedTable) (\(columns)): loading the rows of one \(key.referencedTable) and deleting or re-keying one scan \(key.qualifiedTable) without it.",
                    measured: "foreign key \(key.name) (\(columns)) → \(key.referencedTable): no index starts with these columns; the table is \(CatalogFinding.size(key.tableSizeBytes))",
                    fix: createStatement(key), sizeBytes: key.tableSizeBytes)
            }
    }
}
