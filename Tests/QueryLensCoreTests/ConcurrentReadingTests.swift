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
                case .failed(let error): Issue.record("\(error)")
                }
            }
            #expect(ends == paths)
            #expect(events == expected, "\(threads) threads")
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
    }
}

private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = true
    func set(_ value: Bool) { lock.withLock { stored = value } }
    var value: Bool { lock.withLock { stored } }
}
