/// A finding about one object of the database (an index, a table, a foreign key) rather than a
/// pattern of statements: its id is the kind and the object, the same on every run.
enum CatalogFinding {
    static func make(
        _ kind: FindingKind, object: String, table: String, columns: [String] = [], definition: String,
        summary: String, measured: String, fix: String?, sizeBytes: Int64? = nil
    ) -> Finding {
        var hasher = FingerprintHasher()
        for byte in (kind.rawValue + "\u{1F}" + object).utf8 { hasher.mix(UInt64(byte)) }
        let fingerprint = hasher.finish()
        return Finding(
            id: "\(kind.rawValue):\(fingerprint)", kind: kind,
            severity: Finding.severity(kind, confidence: .high, maxPerUnit: 1), confidence: .high, table: table, columns: columns,
            fingerprint: fingerprint, sequence: nil, query: definition, count: 1, units: 1, maxPerUnit: 1, medianPerUnit: 1,
            distinctValues: 0, durationMs: 0, estimatedBatchedMs: 0, parent: nil, source: nil, suggestion: Suggestion(summary: summary),
            example: Finding.Example(sql: definition, params: [], line: 0, unit: ""),
            evidence: DatabaseEvidence(object: object, measured: measured, fix: fix, sizeBytes: sizeBytes))
    }

    /// `12 MB`, `640 kB`, `8 kB`.
    static func size(_ bytes: Int64?) -> String {
        guard let bytes else { return "size unknown" }
        if bytes >= 10 << 20 { return "\(bytes >> 20) MB" }
        return "\(max(1, bytes >> 10)) kB"
    }
}
