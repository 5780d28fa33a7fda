@testable import QueryLensCore
import Testing

/// `Normalizer.fingerprintTagsAndValues` remembers recent texts (`RecentStatements`): a text
/// seen again gives what lexing it gives, and a different text that falls in the same slot
/// (same length, same first, middle and last eight bytes) is not taken for it.
struct RecentStatementsTests {
    private let statements = [
        "SELECT * FROM users WHERE id = $1",
        "SELECT * FROM users WHERE id = 42",
        "SELECT * FROM users WHERE id = 43",
        "/* traceparent='00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' */ SELECT 1",
        "UPDATE t SET a = 1, b = 2, c = 3, d = 4 WHERE k = 'x'",
        // Same length, same sampled words as the one above, another value in between.
        "UPDATE t SET a = 7, b = 2, c = 3, d = 4 WHERE k = 'x'",
        "SELECT 1",
        "",
    ]

    private func fresh(_ sql: String) -> String {
        var normalizer = Normalizer()
        return "\(normalizer.fingerprintTagsAndValues(of: sql))"
    }

    @Test func aRememberedTextGivesWhatLexingGives() {
        var normalizer = Normalizer()
        for round in 0..<3 {
            for sql in round == 1 ? statements.reversed() : statements {
                #expect("\(normalizer.fingerprintTagsAndValues(of: sql))" == fresh(sql), "\(sql)")
            }
        }
    }

    @Test func textsThatShareASlotAreToldApart() throws {
        let first = statements[4], second = statements[5]
        var firstCopy = first, secondCopy = second
        let slots = (firstCopy.withUTF8 { RecentStatements.slot(UnsafeRawBufferPointer($0)) }, secondCopy.withUTF8 { RecentStatements.slot(UnsafeRawBufferPointer($0)) })
        #expect(slots.0 == slots.1)
        var normalizer = Normalizer()
        let a = normalizer.fingerprintTagsAndValues(of: first)
        let b = normalizer.fingerprintTagsAndValues(of: second)
        let again = normalizer.fingerprintTagsAndValues(of: first)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.values != b.values)
        #expect(again.values == a.values)
    }
}
