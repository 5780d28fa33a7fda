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
/// The full pipeline's rate, for the pgbadger comparison.
nonisolated(unsafe) var pipelineRate: Double?

/// MB/s and events/s of one streaming pass over the whole log.
func ingest(_ name: String, stage: String, _ body: (inout Int) throws -> Void) rethrows {
    if let onlyStage, onlyStage != stage { return }
    let start = DispatchTime.now().uptimeNanoseconds
    var events = 0
    try body(&events)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if stage == "group" { pipelineRate = Double(size) / seconds / 1e6 }
    let line = String(
        format: "%9.1f MB/s %12.0f events/s      peak RSS %6.1f MB", Double(size) / seconds / 1e6, Double(events) / seconds, peakResidentMegabytes())
    print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + line)
}

/// A directory (of rotated logs, say) is read as its files in name order.
let inputs = (try? LogIngest.expand([path])) ?? [path]
let size = inputs.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
print("log \(path): \(inputs.count) file(s), \(size / 1_000_000) MB on disk")
do {
    try ingest("read", stage: "read") { events in
        for input in inputs { _ = try LogIngest().read(path: input) { _ in events += 1 } }
    }
    try ingest("read + normalize", stage: "normalize") { events in
        var normalizer = Normalizer()
        var checksum: UInt64 = 0
        for input in inputs {
            _ = try LogIngest().read(path: input) { event in
                events += 1
                checksum &+= normalizer.fingerprintAndTags(of: event.sql).0.value
            }
        }
    }
    try ingest("read + normalize + group", stage: "group") { events in
        var normalizer = Normalizer()
        var grouper = UnitGrouper()
        var units = 0
        for input in inputs {
            _ = try LogIngest().read(path: input) { event in
                events += 1
                let (fingerprint, tags) = normalizer.fingerprintAndTags(of: event.sql)
                grouper.add(AnalyzedEvent(event: event, fingerprint: fingerprint, tags: tags)) { _ in units += 1 }
            }
            grouper.finish { _ in units += 1 }
        }
    }
    // One core, then the threads `--jobs` gives: two, and one per core when there are more.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    for jobs in Set([1, 2, cores]).sorted() {
        try ingest(jobs == 1 ? "analyze (all of it)" : "analyze --jobs \(jobs)", stage: jobs == 1 ? "analyze" : "parallel") { events in
            var pipeline = AnalysisPipeline()
            pipeline.jobs = jobs
            let report = try pipeline.run(paths: inputs)
            events = report.summary.events
            _ = TextReport.render(report, colour: false)
        }
    }
} catch {
    FileHandle.standardError.write(Data("querylens-bench: \(error)\n".utf8))
    exit(2)
}
if onlyStage.map({ ["read", "normalize", "group", "analyze", "parallel"].contains($0) }) == true { exit(0) }

// Index planning (stage `indexes`, with QUERYLENS_BENCH_DATABASE set to a PostgreSQL URL with
// HypoPG): time per distinct statement (one generic EXPLAIN), and the whole advisor on a
// 500-statement workload over one table it creates (`querylens_bench_events`, 100,000 rows).
if onlyStage == "indexes", let url = ProcessInfo.processInfo.environment["QUERYLENS_BENCH_DATABASE"] {
    do {
        let setup = Process()
        setup.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        setup.arguments = ["psql", url, "-q", "-c", """
            CREATE EXTENSION IF NOT EXISTS hypopg;
            DROP TABLE IF EXISTS querylens_bench_events;
            CREATE TABLE querylens_bench_events (id bigserial PRIMARY KEY, account_id int, kind text, region text, created_at timestamptz, amount int);
            INSERT INTO querylens_bench_events (account_id, kind, region, created_at, amount)
              SELECT i % 1000, 'k' || (i % 10), 'r' || (i % 50), timestamptz '2026-01-01' + (i || ' minutes')::interval, i % 500 FROM generate_series(1, 100000) i;
            ANALYZE querylens_bench_events;
            """]
        try setup.run()
        setup.waitUntilExit()
        let planner = try DatabaseTarget.open(url)
        let columns = ["account_id", "kind", "region", "amount"]
        var normalizer = Normalizer()
        let statements = (0..<500).map { index -> IndexAdvisor.Statement in
            let equality = columns[index % 4]
            let other = columns[(index / 4) % 4]
            let sql = index % 2 == 0
                ? "SELECT id AS c\(index) FROM querylens_bench_events WHERE \(equality) = 1 AND \(other) > 2"
                : "SELECT id AS c\(index) FROM querylens_bench_events WHERE \(equality) = 1 ORDER BY created_at DESC LIMIT 10"
            let statement = normalizer.normalize(sql)
            return IndexAdvisor.Statement(query: statement.text, shape: statement.shape, executions: 1, durationMs: 1)
        }
        var start = DispatchTime.now().uptimeNanoseconds
        for statement in statements.prefix(100) { _ = try planner.plan(statement.query) }
        let perPlan = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / 100
        start = DispatchTime.now().uptimeNanoseconds
        let suggestions = try IndexAdvisor(database: planner).advise(statements)
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "plan one statement         %6.2f ms (generic plan, PostgreSQL %d)", perPlan, (planner as? PostgreSQLPlanner)?.connection.serverVersion ?? 0))
        print(String(format: "advise 500 statements      %6.2f s  (%d suggestions, each verified with HypoPG on every statement it serves)", total, suggestions.count))
    } catch {
        FileHandle.standardError.write(Data("querylens-bench: \(error)\n".utf8))
        exit(2)
    }
    exit(0)
}

guard let handle = FileHandle(forReadingAtPath: inputs[0]), let log = try? handle.read(upToCount: 64 << 20) else {
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
print("first \(bytes.count / 1_000_000) MB: \(ranges.count) statements, \(sqlBytes / 1_000_000) MB of SQL")

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

if ProcessInfo.processInfo.environment["QUERYLENS_BENCH_PGBADGER"] == "1" {
    let slice = "/tmp/querylens-bench-pgbadger.log"
    FileManager.default.createFile(atPath: slice, contents: log.prefix(20 << 20))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["pgbadger", "-j", "1", "-q", "-f", "stderr", "--prefix", "%m [%p] %q%u@%d ", "-o", "/tmp/querylens-bench-pgbadger.txt", slice]
    let start = DispatchTime.now().uptimeNanoseconds
    if (try? process.run()) != nil {
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rate = Double(min(log.count, 20 << 20)) / seconds / 1e6
        print(String(format: "pgbadger -j 1 (first 20 MB) %9.1f MB/s", rate)
            + (pipelineRate.map { String(format: "   QueryLens pipeline is %.0fx faster", $0 / rate) } ?? ""))
    } else {
        print("pgbadger not installed: no comparison")
    }
}
