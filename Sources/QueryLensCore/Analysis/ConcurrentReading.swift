import Foundation

/// Reads several inputs at once, each one by one reader thread, and hands the calling thread,
/// in input order, either their events in batches or, with `analyzeInput`, each input's
/// analysis. Either way the analysis of an input sees exactly the events one thread would have
/// read, and inputs are merged in input order (`InputAnalysis`), so `--jobs` changes the time
/// a report takes, never the report.
///
/// With as many inputs as threads or more (rotated logs), each reader analyzes what it reads:
/// the threads share nothing but the finished analyses, and the work spreads evenly. With
/// fewer inputs, an input's reader and its analysis (on the calling thread) run side by side:
/// reading (lines, prefixes, timestamps, the server's messages, gzip) is a little more than
/// half of the work. Each input's queue holds at most `queuedBatches` batches, so memory stays
/// bounded however large the inputs are. Threads left over when there are fewer inputs than
/// threads go to the readers, which may parse a large file in pieces with them
/// (`LogIngest.pieceWorkers`, `ChunkedFileReading`). (Fingerprinting in the readers was
/// measured too: no faster with several inputs, slower with one, whose reader is then the
/// slower side.)
struct ConcurrentReading {
    enum Item: Sendable {
        /// How the input is laid out, before its first event (`LogIngest.read`'s `onStart`).
        case start(LogIngest.InputSummary)
        case events(EventBatch)
        case end(LogIngest.InputSummary)
        /// The whole input read and analyzed by its reader (with `analyzeInput`), instead of
        /// `start`, `events` and `end`.
        case analyzed(AnalyzedInput)
        /// The input could not be read; the analysis stops there, as it would on one thread.
        case failed(InputError)
    }

    /// An input's analysis, moved from its reader thread to the calling thread: the reader
    /// never touches it again once it is queued.
    final class AnalyzedInput: @unchecked Sendable {
        let analysis: InputAnalysis
        init(_ analysis: consuming InputAnalysis) { self.analysis = analysis }
    }

    let options: LogIngest.Options
    let paths: [String]
    let threads: Int
    /// Events per batch: one hand-over (a lock, a wake-up) per batch, not per event.
    var batchSize = 1024
    /// Batches an input's queue holds before its reader waits: the bound on memory.
    var queuedBatches = 16
    /// The pieces a large file is parsed in (`LogIngest.pieceSize`); smaller in tests.
    var pieceSize: Int64?
    /// Given: each reader analyzes the inputs it reads, into the analysis this makes.
    var analyzeInput: (@Sendable () -> InputAnalysis)?
    /// How often the calling thread reports progress while readers analyze.
    private static let progressInterval = 0.2

    /// `progress` is told, on the calling thread after each batch, the bytes all readers have
    /// read so far and the events handed out.
    /// `consume` owns each item: a batch's events can be moved out of it, never copied.
    func run(progress: ((_ bytesRead: Int64, _ events: Int) -> Void)?, _ consume: (consuming Item) throws -> Void) throws {
        // Readers that analyze never wait for the calling thread, so they may take the largest
        // inputs first: the last input read then is a small one, and no thread idles long at
        // the end. Readers that queue events take inputs in order, as they are consumed.
        let shared = Shared(order: analyzeInput == nil ? Array(paths.indices) : Self.largestFirst(paths))
        let queues = paths.map { _ in BoundedQueue<Item>(capacity: queuedBatches) }
        let readers = DispatchGroup()
        let readerThreads = max(1, min(threads, paths.count))
        // Threads no input has: each reader parses a large file in pieces with its share.
        let pieces = (workers: threads / readerThreads, size: pieceSize)
        for _ in 0..<readerThreads {
            readers.enter()
            let thread = Thread { [options, paths, batchSize, analyzeInput] in
                var ingest = LogIngest(options: options)
                ingest.pieceWorkers = pieces.workers
                if let size = pieces.size { ingest.pieceSize = size }
                if let analyzeInput {
                    Self.analyze(paths, ingest: ingest, analysis: analyzeInput, into: queues, shared: shared)
                } else {
                    Self.read(paths, ingest: ingest, batchSize: batchSize, into: queues, shared: shared)
                }
                readers.leave()
            }
            thread.name = "querylens-reader"
            thread.stackSize = 8 << 20  // as the main thread's: readers and prefix inference run here
            thread.start()
        }
        // Whatever happens here, the readers are stopped and waited for before returning.
        defer {
            shared.stop()
            for queue in queues { queue.close() }
            readers.wait()
        }
        var events = 0
        for queue in queues {
            while let item = analyzeInput == nil ? queue.take() : Self.take(from: queue, reporting: progress, shared: shared) {
                var last = false
                var failed = false
                switch item {
                case .events(let batch):
                    events += batch.count
                    progress?(shared.bytesRead, events)
                case .end: last = true
                case .analyzed:
                    last = true
                    progress?(shared.bytesRead, shared.eventsRead)
                case .failed: failed = true
                case .start: break
                }
                try consume(consume item)
                if failed { return }
                if last { break }
            }
        }
    }

    /// One reader thread: takes the next input nobody reads yet, until none is left.
    private static func read(_ paths: [String], ingest: LogIngest, batchSize: Int, into queues: [BoundedQueue<Item>], shared: Shared) {
        while let index = shared.claimInput() {
            let queue = queues[index]
            var ingest = ingest
            var reported: Int64 = 0
            ingest.progress = { bytes in
                shared.add(bytes: bytes - reported)
                reported = bytes
            }
            ingest.shouldStop = { shared.stopped }
            var batch = EventBatch(capacity: batchSize)
            do {
                let summary = try ingest.read(path: paths[index]) { event in
                    batch.append(event)
                    if batch.isFull {
                        queue.put(.events(batch))
                        batch = EventBatch(capacity: batchSize)
                    }
                } onStart: { layout in
                    queue.put(.start(layout))
                }
                if batch.count > 0 { queue.put(.events(batch)) }
                queue.put(.end(summary))
            } catch let error as InputError {
                queue.put(.failed(error))
            } catch {
                queue.put(.failed(InputError(path: paths[index], reason: "\(error)")))
            }
        }
    }

    /// The inputs' indices, largest file first (then in input order); a gzip file counts its
    /// compressed bytes, an input that cannot be looked at counts 0 (it fails when read).
    static func largestFirst(_ paths: [String]) -> [Int] {
        let sizes = paths.map { path -> Int64 in
            var status = stat()
            return stat(path, &status) == 0 ? Int64(status.st_size) : 0
        }
        return paths.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
    }

    /// Waits for an input analyzed by a reader, telling `progress` how far all readers are
    /// while it waits.
    private static func take(from queue: BoundedQueue<Item>, reporting progress: ((Int64, Int) -> Void)?, shared: Shared) -> Item? {
        while true {
            if let item = queue.take(waitingAtMost: progressInterval) { return item }
            if shared.stopped { return nil }
            progress?(shared.bytesRead, shared.eventsRead)
        }
    }

    /// One reader thread that analyzes what it reads: takes the next input nobody reads yet,
    /// until none is left.
    private static func analyze(
        _ paths: [String], ingest: LogIngest, analysis makeAnalysis: () -> InputAnalysis, into queues: [BoundedQueue<Item>], shared: Shared
    ) {
        while let index = shared.claimInput() {
            var ingest = ingest
            var reported: (bytes: Int64, events: Int) = (0, 0)
            var events = 0
            ingest.progress = { bytes in
                shared.add(bytes: bytes - reported.bytes, events: events - reported.events)
                reported = (bytes, events)
            }
            ingest.shouldStop = { shared.stopped }
            var analysis = makeAnalysis()
            do {
                let summary = try ingest.read(path: paths[index]) { event in
                    events += 1
                    analysis.add(event)
                } onStart: { layout in
                    analysis.start(layout)
                }
                // Events since the last block: every input's are counted before it is handed over.
                shared.add(bytes: 0, events: events - reported.events)
                analysis.end(summary)
                queues[index].put(.analyzed(AnalyzedInput(analysis)))
            } catch let error as InputError {
                queues[index].put(.failed(error))
            } catch {
                queues[index].put(.failed(InputError(path: paths[index], reason: "\(error)")))
            }
        }
    }

    /// What the readers share: the next input to claim, the bytes and events read, and the
    /// stop flag.
    private final class Shared: @unchecked Sendable {
        private let lock = NSLock()
        private let order: [Int]
        private var next = 0
        private var bytes: Int64 = 0
        private var events = 0
        private var stopRequested = false

        init(order: [Int]) { self.order = order }

        func claimInput() -> Int? {
            lock.withLock {
                guard !stopRequested, next < order.count else { return nil }
                next += 1
                return order[next - 1]
            }
        }

        func add(bytes count: Int64, events added: Int = 0) {
            lock.withLock {
                bytes += count
                events += added
            }
        }

        var bytesRead: Int64 { lock.withLock { bytes } }
        var eventsRead: Int { lock.withLock { events } }
        func stop() { lock.withLock { stopRequested = true } }
        var stopped: Bool { lock.withLock { stopRequested } }
    }
}
