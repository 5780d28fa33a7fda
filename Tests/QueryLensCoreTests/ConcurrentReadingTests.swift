import Foundation
@testable import QueryLensCore
import Testing

/// `--jobs`: inputs read on several threads give the report one thread gives, byte for byte.
struct ConcurrentReadingTests {
    /// Redmine's real server log cut into three rotated files (the cuts fall inside sessions
    /// and one inside a multi-line statement), the later two gzipped, then a Rails log and
    /// pgbench's server log: several formats, sessions that span files, gzip.
    private func inputs() throws -> [String] {
        let log = try String(contentsOf: Repository.fixture("realapps/redmine/pg.log"), encoding: .utf8)
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        // The first cut is just before a continuation line: a statement spans two files.
        let continuation = try #require(lines.indices.first { $0 > lines.count / 3 && lines[$0].hasPrefix("\t") })
        let cuts = [0, continuation, lines.count * 3 / 4, lines.count]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-rotated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for part in 0..<3 {
            let text = lines[cuts[part]..<cuts[part + 1]].joined(separator: "\n") + (part < 2 ? "\n" : "")
            let path = directory.appendingPathComponent("postgresql-\(part).log").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            if part > 0 { #expect(try runProgram("/bin/gzip", ["-n", path]).status == 0) }
        }
        return try LogIngest.expand([directory.path]) + [
            Repository.fixture("realapps/redmine/rails.log").path, Repository.fixture("logs/pgbench/pgbench.stderr.log").path,
        ]
    }

    private func report(_ paths: [String], jobs: Int) throws -> Report {
        var pipeline = AnalysisPipeline()
        pipeline.jobs = jobs
        return try pipeline.run(paths: paths)
    }

    @Test func oneTwoAndEightJobsGiveTheSameReportByteForByte() throws {
        let paths = try inputs()
        #expect(paths.count == 5)
        #expect(paths[1].hasSuffix(".gz") && paths[2].hasSuffix(".gz"))
        let sequential = try report(paths, jobs: 1)
        #expect(sequential.summary.inputs == 5)
        #expect(sequential.summary.events > 3000)
        #expect(sequential.findings.contains { $0.kind == .nPlusOne })
        for jobs in [2, 8] {
            let parallel = try report(paths, jobs: jobs)
            #expect(JSONReport.render(parallel) == JSONReport.render(sequential), "--jobs \(jobs)")
            #expect(TextReport.render(parallel, colour: false) == TextReport.render(sequential, colour: false), "--jobs \(jobs)")
        }
    }

    @Test func aTruncatedGzipInputEndsTheSameWayWithOneOrTwoJobs() throws {
        let paths = try inputs()
        let whole = try Data(contentsOf: URL(fileURLWithPath: paths[1]))
        let cut = try temporaryFile(Array(whole.prefix(whole.count * 2 / 3)), name: "postgresql-1.log.gz")
        let outcomes = try [1, 2].map { jobs -> String in
            do { return JSONReport.render(try report([paths[0], cut, paths[3]], jobs: jobs)) } catch let error as InputError { return "\(error)" }
        }
        #expect(outcomes[0].contains("postgresql-1.log.gz"))
        #expect(outcomes[1] == outcomes[0])
    }

    @Test func smallBatchesAndAFullQueueKeepEveryEventInOrder() throws {
        let paths = try inputs()
        var expected: [QueryEvent] = []
        for path in paths { _ = try LogIngest().read(path: path) { expected.append($0) } }
        for threads in [1, 3] {
            var reading = ConcurrentReading(options: .init(), paths: paths, threads: threads)
            reading.batchSize = 7
            reading.queuedBatches = 1
            var events: [QueryEvent] = []
            var ends: [String] = []
            try reading.run(progress: nil) { item in
                switch item {
                case .events(let batch): while let event = batch.takeNext() { events.append(event) }
                case .end(let summary): ends.append(summary.path)
                case .start: break
                case .analyzed: Issue.record("no reader was asked to analyze")
                case .failed(let error): Issue.record("\(error)")
                }
            }
            #expect(ends == paths)
            #expect(events == expected, "\(threads) threads")
        }
    }

    /// As many inputs as threads or more: each reader analyzes the inputs it reads and hands
    /// over one analysis per input, in input order, which merge into one thread's analysis.
    @Test func readersThatAnalyzeHandOverEachInputInOrder() throws {
        let paths = try inputs()
        let newInput = { @Sendable in InputAnalysis(grouperOptions: .init(), analyzerOptions: .init(), collectWorkload: true) }
        var sequential = newInput()
        for path in paths {
            var input = newInput()
            let summary = try LogIngest().read(path: path) { input.add($0) } onStart: { input.start($0) }
            input.end(summary)
            sequential.merge(input)
        }
        for threads in [2, 5] {
            var reading = ConcurrentReading(options: .init(), paths: paths, threads: threads)
            reading.analyzeInput = newInput
            var merged = newInput()
            var analyzed: [String] = []
            try reading.run(progress: nil) { item in
                switch item {
                case .analyzed(let input):
                    analyzed += input.analysis.summaries.map(\.path)
                    merged.merge(input.analysis)
                case .failed(let error): Issue.record("\(error)")
                case .start, .events, .end: Issue.record("the readers were asked to analyze")
                }
            }
            #expect(analyzed == paths, "\(threads) threads")
            let report = AnalysisPipeline.report(analyzer: merged.analyzer, summaries: merged.summaries)
            let expected = AnalysisPipeline.report(analyzer: sequential.analyzer, summaries: sequential.summaries)
            #expect(JSONReport.render(report) == JSONReport.render(expected), "\(threads) threads")
            #expect(merged.workload.statements().map(\.query) == sequential.workload.statements().map(\.query))
            #expect(merged.workload.statements().map(\.executions) == sequential.workload.statements().map(\.executions))
        }
    }

    /// Readers that analyze take the largest inputs first (the inputs above are not in size
    /// order, so the test before this one also hands over inputs read out of order).
    @Test func readersThatAnalyzeTakeTheLargestInputsFirst() throws {
        let paths = try inputs()
        let order = ConcurrentReading.largestFirst(paths)
        let sizes = try paths.map { try #require(FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }
        #expect(order.map { sizes[$0] } == sizes.sorted(by: >))
        #expect(order != Array(paths.indices))
        #expect(ConcurrentReading.largestFirst(["/nonexistent/a.log", paths[0], "/nonexistent/b.log"]) == [1, 0, 2])
    }

    /// Inputs are analyzed apart (a session's units and rhythm end with its file) and merged:
    /// the report of several inputs adds up the reports of each alone, keeps the first input's
    /// example, and the worst unit of all.
    @Test func severalInputsAddUpWhatEachFindsAlone() throws {
        let paths = try inputs()
        let whole = try report(paths, jobs: 1)
        let alone = try paths.map { try report([$0], jobs: 1) }
        #expect(whole.summary.events == alone.reduce(0) { $0 + $1.summary.events })
        #expect(whole.summary.units == alone.reduce(0) { $0 + $1.summary.units })
        #expect(whole.summary.inferredUnits == alone.reduce(0) { $0 + $1.summary.inferredUnits })
        #expect(whole.inputs.map(\.path) == paths)
        #expect(Set(whole.findings.map(\.id)) == Set(alone.flatMap { $0.findings.map(\.id) }))
        // Redmine's N+1s are in more than one of its three rotated files.
        #expect(whole.findings.contains { finding in alone.filter { $0.findings.contains { $0.id == finding.id } }.count >= 2 })
        for finding in whole.findings {
            let parts = alone.compactMap { report in report.findings.first { $0.id == finding.id } }
            #expect(finding.count == parts.reduce(0) { $0 + $1.count }, "\(finding.id)")
            #expect(finding.units == parts.reduce(0) { $0 + $1.units }, "\(finding.id)")
            #expect(finding.maxPerUnit == parts.map(\.maxPerUnit).max(), "\(finding.id)")
            #expect(finding.distinctValues == parts.map(\.distinctValues).max(), "\(finding.id)")
            // The median of all units lies between the medians of the inputs' units.
            #expect((parts.map(\.medianPerUnit).min() ?? 0)...(parts.map(\.medianPerUnit).max() ?? 0) ~= finding.medianPerUnit, "\(finding.id)")
            #expect(abs(finding.durationMs - parts.reduce(0) { $0 + $1.durationMs }) < 0.01, "\(finding.id)")
            #expect(finding.example.line == parts.first?.example.line, "\(finding.id)")
            #expect(finding.example.unit == parts.first?.example.unit, "\(finding.id)")
            let worst = parts.first { $0.maxPerUnit == finding.maxPerUnit }
            #expect(finding.waterfall?.unit == worst?.waterfall?.unit, "\(finding.id)")
        }
        func calls(_ fingerprint: Fingerprint, in report: Report) -> Int {
            report.statements?.first { $0.fingerprint == fingerprint }?.calls ?? 0
        }
        let statements = try #require(whole.statements)
        for statement in statements {
            // A statement listed for the whole log may be below the list's cut in an input alone.
            #expect(statement.calls >= alone.reduce(0) { $0 + calls(statement.fingerprint, in: $1) }, "\(statement.query)")
        }
        let first = try #require(statements.first)
        #expect(first.calls == alone.reduce(0) { $0 + calls(first.fingerprint, in: $1) })

        // The statements a live database is asked about: each once, in the order first seen,
        // with the executions of every input.
        func workload(_ paths: [String]) throws -> [IndexAdvisor.Statement] {
            var merged = InputAnalysis(grouperOptions: .init(), analyzerOptions: .init(), collectWorkload: true)
            for path in paths {
                var input = InputAnalysis(grouperOptions: .init(), analyzerOptions: .init(), collectWorkload: true)
                let summary = try LogIngest().read(path: path) { input.add($0) } onStart: { input.start($0) }
                input.end(summary)
                merged.merge(input)
            }
            return merged.workload.statements()
        }
        let all = try workload(paths)
        let each = try paths.map { try workload([$0]) }
        var seen = Set<String>()
        #expect(all.map(\.query) == each.flatMap { $0.map(\.query) }.filter { seen.insert($0).inserted })
        for statement in all {
            let executions = each.reduce(0) { sum, statements in sum + (statements.first { $0.query == statement.query }?.executions ?? 0) }
            #expect(statement.executions == executions, "\(statement.query)")
        }
    }

    /// One input and spare threads: the reader parses it in pieces with them, and the events
    /// still come in file order; with 8 threads and two inputs, each reader gets 4 (with 2,
    /// stderr is read whole: `LogIngest.piecesPay`).
    @Test func aFileReadInPiecesKeepsEveryEventInOrder() throws {
        let paths = [Repository.fixture("realapps/redmine/pg.log").path, Repository.fixture("logs/pgbench/pgbench.stderr.log").path]
        for inputs in [1, 2] {
            var expected: [QueryEvent] = []
            for path in paths.prefix(inputs) { _ = try LogIngest().read(path: path) { expected.append($0) } }
            for threads in [3, 8] {
                var reading = ConcurrentReading(options: .init(), paths: Array(paths.prefix(inputs)), threads: threads)
                reading.pieceSize = 2048
                var events: [QueryEvent] = []
                try reading.run(progress: nil) { item in
                    if case .events(let batch) = item { while let event = batch.takeNext() { events.append(event) } }
                    if case .failed(let error) = item { Issue.record("\(error)") }
                }
                #expect(events == expected, "\(inputs) inputs, \(threads) threads")
            }
        }
    }

    /// The first input fails while the second is being read in pieces: the run ends with the
    /// error, and the piece workers are stopped and waited for (no hang, no crash).
    @Test func aFailureStopsAFileBeingReadInPieces() throws {
        let missing = "/nonexistent/querylens/postgresql.log"
        var reading = ConcurrentReading(options: .init(), paths: [missing, Repository.fixture("realapps/redmine/pg.log").path], threads: 6)
        reading.pieceSize = 512
        reading.queuedBatches = 1
        reading.batchSize = 3
        var failures: [InputError] = []
        try reading.run(progress: nil) { item in
            if case .failed(let error) = item { failures.append(error) }
        }
        #expect(failures == [InputError(path: missing, reason: "No such file or directory")])
    }

    @Test func anUnreadableInputStopsTheRunWhereOneThreadWouldHaveStopped() throws {
        let paths = try inputs()
        let missing = "/nonexistent/querylens/postgresql.log"
        for jobs in [1, 2, 8] {
            #expect(throws: InputError(path: missing, reason: "No such file or directory"), "--jobs \(jobs)") {
                try report([paths[0], missing, paths[3]], jobs: jobs)
            }
        }
    }

    @Test func progressCountsEveryEventOnTheCallingThread() throws {
        let paths = try inputs()
        var pipeline = AnalysisPipeline()
        pipeline.jobs = 2
        var last: (bytes: Int64, events: Int) = (0, 0)
        pipeline.progress = { bytes, events in
            #expect(events >= last.events)
            last = (bytes, events)
        }
        let report = try pipeline.run(paths: paths)
        #expect(last.events == report.summary.events)
        #expect(last.bytes > 0)
    }

    @Test func aBoundedQueueHandsOverInOrderAndCloseWakesAWaitingProducer() async throws {
        let queue = BoundedQueue<Int>(capacity: 2)
        let producer = Thread {
            for value in 0..<1000 { queue.put(value) }
            queue.close()
        }
        producer.start()
        var received: [Int] = []
        while let value = queue.take() { received.append(value) }
        #expect(received == Array(0..<1000))

        let full = BoundedQueue<Int>(capacity: 1)
        #expect(full.put(1))
        let refused = DispatchSemaphore(value: 0)
        let accepted = LockedFlag()
        Thread {
            accepted.set(full.put(2))  // waits: the queue is full
            refused.signal()
        }.start()
        full.close()
        refused.wait()
        #expect(!accepted.value)
        #expect(full.take() == 1)
        #expect(full.take() == nil)

        let slow = BoundedQueue<Int>(capacity: 1)
        #expect(slow.take(waitingAtMost: 0.05) == nil)
        Thread {
            Thread.sleep(forTimeInterval: 0.05)
            slow.put(7)
        }.start()
        #expect(slow.take(waitingAtMost: 10) == 7)
    }
}

private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = true
    func set(_ value: Bool) { lock.withLock { stored = value } }
    var value: Bool { lock.withLock { stored } }
}
