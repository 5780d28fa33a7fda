import Foundation
@testable import QueryLensCore
import Testing

/// One server log parsed in pieces by several threads (`ChunkedFileReading`) reads exactly what
/// one thread reads: the same events in the same order, the same lines and skipped lines.
struct ChunkedFileReadingTests {
    private struct Read {
        var events: [QueryEvent] = []
        var summary: LogIngest.InputSummary
        var progressCalls: Int
    }

    private func read(_ path: String, workers: Int, pieceSize: Int64) throws -> Read {
        var ingest = LogIngest()
        ingest.pieceWorkers = workers
        ingest.pieceSize = pieceSize
        var calls = 0
        ingest.progress = { _ in calls += 1 }
        var events: [QueryEvent] = []
        let summary = try ingest.read(path: path) { events.append($0) }
        return Read(events: events, summary: summary, progressCalls: calls)
    }

    private func expectSameReading(_ path: String, minimumEvents: Int) throws {
        let whole = try read(path, workers: 1, pieceSize: 1 << 20)
        #expect(whole.events.count >= minimumEvents)
        let size = try #require(FileSource(path: path).regularFileSize)
        for (workers, pieceSize) in [(3, 512), (3, 4096), (8, 1500)] as [(Int, Int64)] {
            let pieces = try read(path, workers: workers, pieceSize: pieceSize)
            // Progress is told once per piece: the file really was read in pieces.
            #expect(pieces.progressCalls >= Int(size / pieceSize) / 2, "\(workers) workers, \(pieceSize)-byte pieces")
            #expect(pieces.events == whole.events, "\(workers) workers, \(pieceSize)-byte pieces")
            #expect(pieces.summary.lines == whole.summary.lines)
            #expect(pieces.summary.events == whole.summary.events)
            #expect(pieces.summary.diagnostics == whole.summary.diagnostics)
        }
    }

    /// Redmine's real server log: sessions on many processes that span pieces, multi-line
    /// statements that nominal cuts fall inside (asserted), extended-protocol DETAIL lines
    /// that must stay with their execution.
    @Test func redmineServerLogReadsTheSameInPieces() throws {
        let path = Repository.fixture("realapps/redmine/pg.log").path
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var cutInsideStatements = 0
        for nominal in stride(from: 512, to: bytes.count, by: 512) {
            var lineStart = nominal
            while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
            if bytes[lineStart] == 0x09 { cutInsideStatements += 1 }
        }
        #expect(cutInsideStatements > 10)
        try expectSameReading(path, minimumEvents: 450)
    }

    @Test(arguments: ["logs/pgbench/pgbench.stderr.log", "logs/postgres/workload.stderr.log"])
    func serverStderrLogsReadTheSameInPieces(fixture: String) throws {
        try expectSameReading(Repository.fixture(fixture).path, minimumEvents: 40)
    }

    /// jsonlog: DETAIL and the failed statement in the same object, errors included.
    @Test(arguments: ["logs/postgres/workload.json", "logs/server/jsonlog-statements.json"])
    func jsonlogReadsTheSameInPieces(fixture: String) throws {
        try expectSameReading(Repository.fixture(fixture).path, minimumEvents: 30)
    }

    /// Lines nothing can read (every 97th line replaced, a stray continuation line first): the
    /// same count and the same first line numbers, counted from the file's start.
    @Test func skippedLinesKeepTheirNumbers() throws {
        let log = try String(contentsOf: Repository.fixture("realapps/redmine/pg.log"), encoding: .utf8)
        var lines = log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in stride(from: 200, to: lines.count, by: 97) where !lines[index].hasPrefix("\t") {
            lines[index] = "this line is not from the server <\(index)>"
        }
        let path = try temporaryFile(Array(("\tstray continuation\n" + lines.joined(separator: "\n")).utf8), name: "postgresql.log")
        let whole = try read(path, workers: 1, pieceSize: 1 << 20)
        #expect(whole.summary.diagnostics.skippedLines > 20)
        #expect(whole.summary.diagnostics.firstSkippedLines.first == 1)
        try expectSameReading(path, minimumEvents: 450)
    }

    /// Lines far longer than what a cut reads at first (a 70 KB statement line, its 40 KB
    /// continuation, a 70 KB line that is not the server's): the cuts look past them and the
    /// pieces still read what one thread reads.
    @Test func longLinesAroundCutsReadTheSame() throws {
        let log = try String(contentsOf: Repository.fixture("realapps/redmine/pg.log"), encoding: .utf8)
        var lines = log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let prefix = "2026-12-02 01:51:24.366 UTC [29927] redmine@redmine "
        let inList = (0..<12_000).map(String.init).joined(separator: ", ")
        for index in stride(from: lines.count - 100, to: 100, by: -700) {
            // Cuts near the first line find the second at the start of their read: a 40 KB
            // continuation, which must not be taken for a message's start.
            lines.insert(prefix + "LOG:  duration: 0.5 ms  statement: SELECT * FROM issues WHERE id IN (\(inList)", at: index)
            lines.insert("\t, \(inList.prefix(40_000)))", at: index + 1)
            lines.insert(String(repeating: "x", count: 70_000), at: index)
        }
        let path = try temporaryFile(Array(lines.joined(separator: "\n").utf8), name: "postgresql.log")
        let whole = try read(path, workers: 1, pieceSize: 1 << 20)
        #expect(whole.events.contains { $0.sql.utf8.count > 60_000 })
        #expect(whole.summary.diagnostics.skippedLines > 0)
        try expectSameReading(path, minimumEvents: 450)
    }

    /// A file smaller than two pieces, and a stderr log with two threads (`piecesPay`), are
    /// read on one thread: progress is then told per block read (the head, the rest, the
    /// end), not per piece.
    @Test func smallFilesAndStderrWithTwoThreadsAreReadWhole() throws {
        let small = try read(Repository.fixture("logs/postgres/workload.stderr.log").path, workers: 8, pieceSize: 1 << 20)
        #expect(small.progressCalls <= 3)
        #expect(small.events.count > 40)
        let twoThreads = try read(Repository.fixture("realapps/redmine/pg.log").path, workers: 2, pieceSize: 512)
        #expect(twoThreads.progressCalls <= 3)
        let json = try read(Repository.fixture("logs/postgres/workload.json").path, workers: 2, pieceSize: 512)
        #expect(json.progressCalls > 50)
    }
}
