import Foundation
import QueryLensCore

/// Paths and helpers shared by the tests.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func fixture(_ path: String) -> URL { root.appendingPathComponent("Fixtures").appendingPathComponent(path) }
    /// PostgreSQL's regression SQL, beside the repository when the workplace provides it.
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/postgres_regress")
}

/// (kind, text) pairs of a statement's tokens, comments included.
func lexed(_ sql: String) -> [(TokenKind, String)] {
    let bytes = Array(sql.utf8)
    return Lexer.tokenize(sql).map { ($0.kind, String(decoding: bytes[$0.range], as: UTF8.self)) }
}

func normalized(_ sql: String) -> NormalizedStatement {
    var normalizer = Normalizer()
    return normalizer.normalize(sql)
}

/// A deterministic generator, so a fuzz failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Reads one fixture log the way the CLI does.
func readLog(_ path: String, format: LogFormat? = nil, prefix: String? = nil) throws -> (events: [QueryEvent], summary: LogIngest.InputSummary) {
    var events: [QueryEvent] = []
    let ingest = LogIngest(options: .init(format: format, linePrefix: prefix.map(LinePrefix.init)))
    let summary = try ingest.read(path: Repository.fixture(path).path) { events.append($0) }
    return (events, summary)
}

/// Groups events into units, as `querylens events --units` does.
func units(_ events: [QueryEvent], idleGap: Int64? = nil) -> [UnitOfWork] {
    var normalizer = Normalizer()
    var grouper = UnitGrouper(options: .init(idleGap: idleGap))
    var result: [UnitOfWork] = []
    for event in events {
        let (fingerprint, tags) = normalizer.fingerprintAndTags(of: event.sql)
        grouper.add(AnalyzedEvent(event: event, fingerprint: fingerprint, tags: tags)) { result.append($0) }
    }
    grouper.finish { result.append($0) }
    return result
}

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// The per-file facts of a fixture folder's `expected.json` (`{"files": {NAME: {...}}}`);
/// empty when the file is missing or malformed, so the tests that need it fail by name.
func expectedFacts<Facts: Decodable>(_ path: String, as _: Facts.Type) -> [String: Facts] {
    guard let data = try? Data(contentsOf: Repository.fixture(path)),
        let file = try? JSONDecoder().decode(ExpectedFactsFile<Facts>.self, from: data)
    else { return [:] }
    return file.files
}

private struct ExpectedFactsFile<Facts: Decodable>: Decodable {
    let files: [String: Facts]
}
