import Foundation
import QueryLensCore
import Testing

/// Detection, envelopes, prefix inference and the ORM readers on damaged real logs: never a crash, never an
/// event from nowhere. Fixed seeds, so a failure reproduces.
@Suite("Envelope and prefix fuzzing")
struct EnvelopeFuzzTests {
    static let seeds: [[UInt8]] = {
        var files: [URL] = []
        for folder in ["logs/server", "logs/handwritten/envelopes", "logs/handwritten/apps", "traces"]
            + ["django", "sqlalchemy", "peewee", "sequel", "eloquent", "gorm", "hibernate"].map({ "logs/apps/" + $0 }) {
            let url = Repository.fixture(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            files += names.sorted().filter { !$0.hasSuffix(".md") && $0 != "expected.json" }.map { url.appendingPathComponent($0) }
        }
        return files.compactMap { try? Array(Data(contentsOf: $0)) }
    }()

    @Test func damagedWindowsOfRealLogs() throws {
        #expect(Self.seeds.count >= 50)
        var random = SplitMix64(state: 0xE7E1)
        for round in 0..<400 {
            guard let file = Self.seeds.randomElement(using: &random) else { continue }
            var lines = file.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            let start = Int.random(in: 0..<max(1, lines.count - 1), using: &random)
            lines = Array(lines[start..<min(lines.count, start + Int.random(in: 1...80, using: &random))])
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let index = Int.random(in: 0..<lines.count, using: &random)
                guard !lines[index].isEmpty else { continue }
                let at = Int.random(in: 0..<lines[index].count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: lines[index][at] = UInt8.random(in: 0...255, using: &random)
                case 1: lines[index] = Array(lines[index][..<at])
                case 2: lines[index].insert(Array("[]{}\"\\#0-: \t".utf8).randomElement(using: &random) ?? 0, at: at)
                case 3: lines.remove(at: index)
                default: lines.insert(lines[index], at: index)
                }
                if lines.isEmpty { break }
            }
            let bytes = Array(lines.joined(separator: [0x0A]))
            let path = try temporaryFile(bytes, name: "round-\(round).log")
            var events: [QueryEvent] = []
            let summary = try LogIngest().read(path: path) { events.append($0) }
            // A log line holds one statement at most; an OTLP line holds many spans, each at
            // least a hundred bytes of JSON.
            #expect(events.count <= (summary.format == .otlpJSON ? bytes.count / 100 : max(1, summary.lines)))
            #expect(events.allSatisfy { $0.line >= 1 && $0.line <= max(1, summary.lines) })
        }
    }

    /// Prefixes assembled from random fields and separators: the prefix inferred from a line
    /// reads that line, up to its severity word.
    @Test func inferredPrefixesReadTheirOwnLines() {
        var random = SplitMix64(state: 0x2A11)
        let pieces = [
            "2026-12-01 10:00:00.123 UTC", "2026-12-01 10:00:00 CET", "1764583200.123", "[4242]", "[7-1]", "web@bookstore", "@",
            "[unknown]@[unknown]", "user=web,", "db=x", "app=psql", "sql_error_code = 00000", "pid=\"12\"", "6b06ef42.1a2b", "3/45", "42P01",
            "-7528626538335821302", "0", "127.0.0.1(50438)", "::1", "[local]", "bookstore-web", "|", " ", ":", "-", "<", ">", "[", "]", ",", "%",
        ]
        let separators = [" ", ":", "|", ",", "-", "]", ""]
        var unread: [String] = []
        var separated = (tried: 0, inferred: 0)
        for round in 0..<4000 {
            // Half the rounds put a separator between fields, as real prefixes do; the other half none.
            let separator = round % 2 == 0 ? (separators.randomElement(using: &random) ?? " ") : ""
            let prefix = (0..<Int.random(in: 1...7, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined(separator: separator) + " "
            let line = Array((prefix + "LOG:  statement: SELECT 1").utf8)
            let inferred = LinePrefixInference.infer([line]) != nil
            if round % 2 == 0 && separator != "" {
                separated.tried += 1
                if inferred { separated.inferred += 1 }
            }
            if inferred && LinePrefix.detect([line]) == nil { unread.append(prefix) }
        }
        #expect(unread.isEmpty, "\(unread.prefix(5))")
        // With separators, nearly every prefix is inferred.
        #expect(separated.inferred * 100 >= separated.tried * 95, "\(separated)")
    }

    @Test func inferenceOnRandomLines() {
        var random = SplitMix64(state: 0x9F1C)
        let alphabet = Array("LOGERRDETAIL:  []()@=,.|-0123456789abcdef\"' %\tUTC".utf8)
        for _ in 0..<2000 {
            let lines: [[UInt8]] = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                (0..<Int.random(in: 0...90, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0 }
            }
            // A prefix is inferred exactly when some line has a severity word, and the prefix
            // inferred from one line reads that line.
            let inferred = LinePrefixInference.infer(lines)
            #expect((inferred != nil) == lines.contains { LinePrefixInference.infer([$0]) != nil })
            for line in lines where LinePrefixInference.infer([line]) != nil && line.first != 0x09 {
                #expect(LinePrefix.detect([line]) != nil, "\(String(decoding: line, as: UTF8.self))")
            }
        }
    }
}
