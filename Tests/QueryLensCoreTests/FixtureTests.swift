import Foundation
import QueryLensCore
import Testing

/// The real statements under Fixtures/sql: golden normalized text, fingerprints and shapes, and
/// the fingerprint classes that must (and must not) merge.
@Suite("SQL fixtures")
struct FixtureTests {
    static let sources = ["pgbench", "django", "django-sqlite", "sqlalchemy", "rails", "handwritten"]

    /// Set QUERYLENS_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then
    /// review the diff: it is the change users will see.
    @Test(arguments: sources)
    func matchesGolden(source: String) throws {
        let text = try String(contentsOf: Repository.fixture("sql/\(source).sql"), encoding: .utf8)
        let statements = StatementSplitter.split(text)
        #expect(statements.count >= 30, "\(source) should hold real statements")
        var normalizer = Normalizer()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var golden = ""
        for statement in statements {
            let result = normalizer.normalize(statement)
            golden += "\(result.fingerprint)\t\(result.text)\n"
            if !result.tags.isEmpty { golden += "\ttags\t" + result.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "\n" }
            if let keys = result.keysPerExecution { golden += "\tkeys\t\(keys)\n" }
            golden += "\tshape\t" + String(decoding: try encoder.encode(result.shape), as: UTF8.self) + "\n"
        }
        let url = Repository.fixture("sql/golden/\(source).golden")
        if ProcessInfo.processInfo.environment["QUERYLENS_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try golden.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(golden == expected, "first difference at line \((firstDifference?.offset ?? min(expectedLines.count, actualLines.count)) + 1): \(firstDifference.map { "expected \($0.element.0) got \($0.element.1)" } ?? "length differs")")
    }

    @Test func fingerprintClassesMergeAndStayApart() throws {
        let text = try String(contentsOf: Repository.fixture("sql/fingerprint-classes.sql"), encoding: .utf8)
        var classes: [(name: String, body: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- class: ") {
                classes.append((String(line.dropFirst(10)), ""))
            } else if !classes.isEmpty {
                classes[classes.count - 1].body += line + "\n"
            }
        }
        #expect(classes.count >= 15)
        var normalizer = Normalizer()
        var owner: [Fingerprint: String] = [:]
        for (name, body) in classes {
            let fingerprints = Set(StatementSplitter.split(body).map { normalizer.normalize($0).fingerprint })
            #expect(fingerprints.count == 1, "class '\(name)' splits into \(fingerprints.count) fingerprints")
            for fingerprint in fingerprints {
                #expect(owner[fingerprint] == nil, "classes '\(owner[fingerprint] ?? "")' and '\(name)' share \(fingerprint)")
                owner[fingerprint] = name
            }
        }
    }

    @Test func ormStatementsNameTheirTableAndColumn() throws {
        // Every Django and Rails SELECT with a WHERE clause resolves its predicates to a table.
        for source in ["django", "rails"] {
            let text = try String(contentsOf: Repository.fixture("sql/\(source).sql"), encoding: .utf8)
            var normalizer = Normalizer()
            var resolved = 0
            for statement in StatementSplitter.split(text) {
                let shape = normalizer.normalize(statement).shape
                guard shape.kind == .select, !shape.tables.contains(where: { $0.name.hasPrefix("pg_") }) else { continue }
                resolved += shape.predicates.filter { $0.column.table != nil }.count
                #expect(shape.predicates.allSatisfy { $0.column.table != nil || shape.tables.count != 1 }, "\(statement)")
            }
            #expect(resolved >= 20, "\(source): \(resolved)")
        }
    }
}
