import Foundation

/// The findings a team has today and accepts for now, so that `check` fails only on what is
/// new. Keyed by finding id (kind and fingerprint), never by line numbers or timestamps, which
/// move; stored sorted, so the file diffs cleanly in review.
public struct Baseline: Codable, Sendable, Equatable {
    public static let schemaVersion = 1

    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var kind: FindingKind
        public var fingerprint: Fingerprint
        public var table: String?
        public var query: String
        /// The most executions in one unit when recorded: `check` fails when it grows beyond
        /// the tolerance.
        public var maxPerUnit: Int
    }

    public var schemaVersion = Baseline.schemaVersion
    public var fingerprintVersion = Fingerprint.version
    public var entries: [Entry]

    public init(findings: [Finding]) {
        entries = findings.map { finding in
            Entry(id: finding.id, kind: finding.kind, fingerprint: finding.fingerprint, table: finding.table, query: finding.query, maxPerUnit: finding.maxPerUnit)
        }.sorted { $0.id < $1.id }
    }

    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.id < $1.id }
    }

    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    public static func load(path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw Error(description: "\(path): cannot read the baseline") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let baseline: Baseline
        do {
            baseline = try decoder.decode(Baseline.self, from: data)
        } catch {
            throw Error(description: "\(path): not a QueryLens baseline (\(Self.describe(error)))")
        }
        guard baseline.schemaVersion == schemaVersion else {
            throw Error(description: "\(path): baseline schema version \(baseline.schemaVersion), this querylens reads \(schemaVersion)")
        }
        guard baseline.fingerprintVersion == Fingerprint.version else {
            throw Error(description: "\(path): made with fingerprint version \(baseline.fingerprintVersion), this querylens computes version \(Fingerprint.version): record it again with `querylens baseline`")
        }
        return baseline
    }

    public func write(to path: String) throws {
        try Data(rendered().utf8).write(to: URL(fileURLWithPath: path))
    }

    public func rendered() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func describe(_ error: Swift.Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .keyNotFound(let key, let context): return "missing \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
