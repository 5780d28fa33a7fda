// querylens-bench: throughput and memory of each stage on a real PostgreSQL log.
//
//   swift run -c release querylens-bench [LOG] [STAGE]   (default: /tmp/pglog/pg-stderr.log, all stages)
//
// STAGE (lex, fingerprint, full) runs one stage only, for profiling it with `perf record`.
// Make the log with `../shared/bench/make-pg-log.sh /tmp/pglog`. Until the log readers land,
// statements are taken from the log's `statement:` and `execute ...:` messages (first line of
// each) by a simple scan here; the stages timed are the SQL core's.
import Foundation
import QueryLensCore

let path = CommandLine.arguments.dropFirst().first ?? "/tmp/pglog/pg-stderr.log"
let onlyStage = CommandLine.arguments.dropFirst(2).first
guard let log = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write(Data("querylens-bench: cannot read \(path) (make it with make-pg-log.sh)\n".utf8))
    exit(2)
}

/// Statement texts as ranges into one buffer, so the stages below measure SQL work only.
func extractStatements(_ log: [UInt8]) -> [Range<Int>] {
    let markers = [Array(" statement: ".utf8), Array(">: ".utf8)]
    var ranges: [Range<Int>] = []
    var lineStart = 0
    while lineStart < log.count {
        let lineEnd = log[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? log.count
        for marker in markers {
            if let found = search(log, marker, lineStart, lineEnd) {
                ranges.append((found + marker.count)..<lineEnd)
                break
            }
        }
        lineStart = lineEnd + 1
    }
    return ranges
}

func search(_ haystack: [UInt8], _ needle: [UInt8], _ start: Int, _ end: Int) -> Int? {
    guard end - start >= needle.count else { return nil }
    var index = start
    while index <= end - needle.count {
        if haystack[index] == needle[0] && Array(haystack[index..<(index + needle.count)]) == needle { return index }
        index += 1
    }
    return nil
}

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
}

/// Runs `body` over all statements until at least a second has passed; returns passes/second.
func measure(_ name: String, stage: String, bytes: Int, statements: Int, _ body: () -> Void) {
    if let onlyStage, onlyStage != stage { return }
    var passes = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed: Double = 0
    repeat {
        body()
        passes += 1
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < 1.0
    let perSecond = Double(passes) / elapsed
    let line = String(
        format: "%9.1f MB/s %12.0f statements/s   peak RSS %6.1f MB",
        perSecond * Double(bytes) / 1e6, perSecond * Double(statements), peakResidentMegabytes())
    print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + line)
}

let bytes = [UInt8](log)
let ranges = extractStatements(bytes)
let sqlBytes = ranges.reduce(0) { $0 + $1.count }
print("log \(path): \(bytes.count / 1_000_000) MB, \(ranges.count) statements, \(sqlBytes / 1_000_000) MB of SQL")

bytes.withUnsafeBytes { buffer in
    var tokens: [Token] = []
    tokens.reserveCapacity(256)
    measure("lex (public [Token] API)", stage: "lex", bytes: sqlBytes, statements: ranges.count) {
        for range in ranges {
            tokens.removeAll(keepingCapacity: true)
            Lexer.tokenize(UnsafeRawBufferPointer(rebasing: buffer[range]), into: &tokens)
        }
    }
    var normalizer = Normalizer()
    var checksum: UInt64 = 0
    measure("normalize + fingerprint", stage: "fingerprint", bytes: sqlBytes, statements: ranges.count) {
        for range in ranges { checksum &+= normalizer.fingerprint(of: UnsafeRawBufferPointer(rebasing: buffer[range])).value }
    }
    let sample = Array(ranges.prefix(50_000))
    let sampleBytes = sample.reduce(0) { $0 + $1.count }
    measure("full (text, tags, shape)", stage: "full", bytes: sampleBytes, statements: sample.count) {
        for range in sample { _ = normalizer.normalize(UnsafeRawBufferPointer(rebasing: buffer[range])) }
    }
    var distinct = Set<Fingerprint>()
    for range in ranges { distinct.insert(normalizer.fingerprint(of: UnsafeRawBufferPointer(rebasing: buffer[range]))) }
    print("distinct fingerprints: \(distinct.count) (checksum \(String(checksum, radix: 16)))")
}
