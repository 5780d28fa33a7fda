import Foundation
import QueryLensCore
import Testing

/// The lexer and normalizer must never crash or hang, whatever the bytes: random input,
/// mutated real statements, PostgreSQL's whole regression suite, and very large statements.
@Suite("Robustness")
struct RobustnessTests {
    /// Checks the invariants every token stream keeps: in bounds, in order, not overlapping.
    private func checkTokens(_ bytes: [UInt8]) {
        var tokens: [Token] = []
        bytes.withUnsafeBytes { Lexer.tokenize($0, into: &tokens) }
        var previousEnd = 0
        for token in tokens {
            #expect(Int(token.start) >= previousEnd && token.end > token.start && Int(token.end) <= bytes.count)
            previousEnd = Int(token.end)
        }
    }

    private func normalizeAll(_ bytes: [UInt8], _ normalizer: inout Normalizer) {
        bytes.withUnsafeBytes { buffer in
            _ = normalizer.fingerprint(of: buffer)
            let statement = normalizer.normalize(buffer)
            #expect(statement.fingerprint == normalizer.fingerprint(of: buffer))
        }
    }

    @Test func randomBytes() {
        var random = SplitMix64(state: 0x5EED)
        var normalizer = Normalizer()
        let alphabet = Array("'\"`[]()$?:@%-/*;,.=<>!|&#E0123456789abcXU \n\t\\".utf8)
        for round in 0..<3000 {
            let length = Int.random(in: 0...200, using: &random)
            let bytes: [UInt8] = (0..<length).map { _ in
                round % 2 == 0 ? UInt8.random(in: 0...255, using: &random) : alphabet.randomElement(using: &random) ?? 0
            }
            checkTokens(bytes)
            normalizeAll(bytes, &normalizer)
        }
    }

    @Test func mutatedRealStatements() throws {
        var seeds: [[UInt8]] = []
        for source in FixtureTests.sources {
            let text = try String(contentsOf: Repository.fixture("sql/\(source).sql"), encoding: .utf8)
            seeds += StatementSplitter.split(text).map { Array($0.utf8) }
        }
        #expect(seeds.count > 300)
        var random = SplitMix64(state: 42)
        var normalizer = Normalizer()
        for _ in 0..<4000 {
            guard var bytes = seeds.randomElement(using: &random), !bytes.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(Array("'\"$/*[(".utf8).randomElement(using: &random) ?? 0, at: index)
                default: bytes = Array(bytes[..<index])  // truncated mid-token
                }
                if bytes.isEmpty { break }
            }
            checkTokens(bytes)
            normalizeAll(bytes, &normalizer)
        }
    }

    @Test func postgresRegressionCorpus() throws {
        let files = (try? FileManager.default.contentsOfDirectory(at: Repository.corpus, includingPropertiesForKeys: nil)) ?? []
        guard !files.isEmpty else {
            print("skipping: PostgreSQL regression corpus not found at \(Repository.corpus.path)")
            return
        }
        var normalizer = Normalizer()
        var statements = 0
        var fingerprints = Set<Fingerprint>()
        for file in files where file.pathExtension == "sql" {
            let data = try Data(contentsOf: file)
            data.withUnsafeBytes { buffer in
                checkTokens(Array(buffer))
                for range in StatementSplitter.split(buffer) {
                    let slice = UnsafeRawBufferPointer(rebasing: buffer[range])
                    fingerprints.insert(normalizer.normalize(slice).fingerprint)
                    statements += 1
                }
            }
        }
        #expect(statements > 20_000)
        // Distinct statements get distinct fingerprints: most of the suite is unique SQL.
        #expect(fingerprints.count > statements / 3)
    }

    @Test func tenMegabyteStatementIsLinear() {
        var sql = "INSERT INTO t (a, b) VALUES "
        sql += Array(repeating: "(123456, 'abcdefghij')", count: 450_000).joined(separator: ",")
        #expect(sql.utf8.count > 10_000_000)
        let statement = normalized(sql)
        #expect(statement.text == "INSERT INTO t (a, b) VALUES ($1, $2), ...")
        #expect(statement.keysPerExecution == 450_000)
        let quotes = String(repeating: "'", count: 1) + String(repeating: "x", count: 10_000_000)
        #expect(normalized("SELECT " + quotes).text == "SELECT $1")
        let nested = String(repeating: "/*", count: 100_000)
        #expect(normalized("SELECT 1 " + nested).text == "SELECT $1")
        let brackets = String(repeating: "[", count: 200_000)
        #expect(!normalized("SELECT " + brackets).text.isEmpty)
    }

    @Test func invalidUTF8IsKeptAsBytes() {
        let bytes: [UInt8] = Array("SELECT * FROM t WHERE name = '".utf8) + [0xFF, 0xFE, 0xC3] + Array("' AND x\u{00}= 1".utf8)
        checkTokens(bytes)
        var normalizer = Normalizer()
        let text = bytes.withUnsafeBytes { normalizer.normalize($0).text }
        #expect(text.hasPrefix("SELECT * FROM t WHERE name = $1 AND x"))
    }
}
