import Foundation

/// One large server log read by several threads: cut into pieces at lines that start a server
/// message, each piece parsed into messages (`PostgresRecordParser`: prefixes, timestamps,
/// continuation lines, JSON) on a worker thread, and every piece's messages assembled into
/// events in file order by one `PostgresEventAssembler` on the calling thread.
///
/// The assembler is the only part that remembers earlier messages (a statement waiting for its
/// DETAIL, duration or STATEMENT, a process's connections), and it sees exactly the messages
/// of a sequential read, in the same order: a cut falls only where a message starts, which
/// ends the message before it whatever came earlier. Events, line numbers and skipped lines
/// are therefore those of one thread. Piece `k` is parsed by worker `k % workers`, whose
/// queue holds `queuedPieces` parsed pieces: memory stays bounded.
/// Sendable by hand: the worker threads use `file` only through pread(2) on its descriptor,
/// which never changes, and everything else is a value or a `@Sendable` closure.
struct ChunkedFileReading<Parser: PostgresRecordParser>: @unchecked Sendable {
    /// The file already open: every worker reads it with pread(2), so a log rotated (renamed
    /// and replaced) meanwhile is still the file read.
    let file: FileSource
    /// The bytes read: the size when reading began (a log still being written is read that far).
    let size: Int64
    let workers: Int
    /// Makes each worker's parser (the same prefix, caches of its own).
    let makeParser: @Sendable () -> Parser
    let pieceSize: Int64
    var queuedPieces = 2

    /// Lines longer than this are judged by their first bytes when looking for a cut.
    private static var cutLineView: Int { 64 << 10 }
    /// What a cut reads at first: two cuts per piece, so this is read twice per piece.
    private static var cutReadSize: Int { 16 << 10 }

    /// Reads the file into `emit`; `progress` is told the offset read up to after each piece,
    /// `shouldStop` is asked before each piece. Throws `InputError` when a piece cannot be read.
    func read(progress: ((Int64) -> Void)?, shouldStop: (() -> Bool)?, emit: (consuming QueryEvent) -> Void) throws -> LinesRead {
        let pieces = Int((size + pieceSize - 1) / pieceSize)
        let queues = (0..<workers).map { _ in BoundedQueue<Result<PostgresRecordBatch, InputError>>(capacity: queuedPieces) }
        // Batches go back to their worker once assembled; a worker never has more than its
        // queue, the one it fills and the one being assembled.
        let recycled = (0..<workers).map { _ in BoundedQueue<PostgresRecordBatch>(capacity: queuedPieces + 2) }
        let stop = StopFlag()
        let done = DispatchGroup()
        for worker in 0..<workers {
            done.enter()
            let thread = Thread { [self] in
                parse(pieces: Array(stride(from: worker, to: pieces, by: workers)), into: queues[worker], reusing: recycled[worker], stop: stop)
                done.leave()
            }
            thread.name = "querylens-piece"
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer {
            stop.set()
            for queue in queues { queue.close() }
            done.wait()
        }
        var assembler = PostgresEventAssembler()
        var outcome = LinesRead()
        var headerLinesWithoutSeverity = 0
        for piece in 0..<pieces {
            if shouldStop?() == true { break }
            guard let parsed = queues[piece % workers].take() else { break }
            var batch = try parsed.get()
            defer {
                batch.reuse()
                recycled[piece % workers].put(batch)
            }
            batch.handOver(lineOffset: outcome.lines) { assembler.handle($0, emit: emit) }
            outcome.diagnostics.merge(batch.diagnostics, lineOffset: outcome.lines)
            outcome.overlongLines += batch.overlongLines.map { $0 + outcome.lines }
            outcome.lines += batch.lines
            headerLinesWithoutSeverity += batch.headerLinesWithoutSeverity
            progress?(batch.end)
        }
        assembler.finish(emit: emit, diagnostics: &outcome.diagnostics, linesWithoutSeverity: headerLinesWithoutSeverity)
        return outcome
    }

    /// One worker: its pieces in order, each from the cut before it to the cut after it.
    private func parse(
        pieces: [Int], into queue: BoundedQueue<Result<PostgresRecordBatch, InputError>>, reusing recycled: BoundedQueue<PostgresRecordBatch>,
        stop: StopFlag
    ) {
        var parser = makeParser()
        do {
            for piece in pieces {
                if stop.isSet { return }
                let start = try cut(near: Int64(piece) * pieceSize, parser: &parser)
                let end = try cut(near: Int64(piece + 1) * pieceSize, parser: &parser)
                var batch = recycled.takeIfAny() ?? PostgresRecordBatch(bytes: Int(pieceSize))
                batch.end = max(start, end)
                if start < end {
                    parser.diagnostics = ReadDiagnostics()
                    let headerLinesBefore = parser.headerLinesWithoutSeverity
                    var source = FileRange(file: file, offset: start, end: end)
                    batch.lines = try LineSplitter().forEachLine(in: &source, onOverlongLine: { batch.overlongLines.append($0) }) { line, number, next in
                        parser.read(line: line, number: number, nextLineStart: next) { batch.append($0) }
                    }
                    parser.finish { batch.append($0) }
                    batch.diagnostics = parser.diagnostics
                    batch.headerLinesWithoutSeverity = parser.headerLinesWithoutSeverity - headerLinesBefore
                }
                guard queue.put(.success(batch)) else { return }
            }
        } catch let error as InputError {
            queue.put(.failure(error))
        } catch {
            queue.put(.failure(InputError(path: file.path, reason: "\(error)")))
        }
    }

    /// The first line at or after `offset` that starts a message (`size` when none does): the
    /// same answer for the worker that ends a piece there and the one that starts the next.
    private func cut(near offset: Int64, parser: inout Parser) throws -> Int64 {
        if offset <= 0 { return 0 }
        if offset >= size { return size }
        let view = Self.cutLineView
        var buffer = [UInt8](repeating: 0, count: view * 2)
        // Lines are mostly far shorter than the view: read a little, more only for a long line.
        var window = Self.cutReadSize
        // A line starts at `offset` when the byte before it is a newline.
        guard var lineStart = try lineAfter(offset - 1, buffer: &buffer) else { return size }
        while lineStart < size {
            let count = try buffer.withUnsafeMutableBytes { try file.read(at: lineStart, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<window])) }
            if count == 0 { return size }
            let blockEndsFile = lineStart + Int64(count) >= size
            var position = 0
            var longLine = false
            let found: Int? = buffer.withUnsafeBytes { bytes in
                while position < count {
                    let newline = bytes.firstOffset(of: 0x0A, from: position, to: min(count, position + view))
                    // A line cut by the end of the block is read again from its start.
                    if newline == nil && position + view > count && !blockEndsFile { return nil }
                    var line = bytes.slice(position..<(newline ?? min(count, position + view)))
                    if line.last == 0x0D { line = line.slice(0..<(line.count - 1)) }
                    if parser.startsRecord(line) { return position }
                    guard let newline else {
                        longLine = true
                        return nil
                    }
                    position = newline + 1
                }
                return nil
            }
            if let found { return lineStart + Int64(found) }
            if longLine {
                // Judged by its first bytes; the next candidate is the line after it.
                guard let next = try lineAfter(lineStart + Int64(position + view), buffer: &buffer) else { return size }
                lineStart = next
            } else {
                // The line at `position` did not fit: read again from its start, more if it was the first.
                if position == 0 { window = min(window * 2, buffer.count) }
                lineStart += Int64(position)
            }
        }
        return size
    }

    /// Where the line after the first newline at or after `position` starts; `nil` at the end.
    private func lineAfter(_ position: Int64, buffer: inout [UInt8]) throws -> Int64? {
        var position = position
        while position < size {
            let count = try buffer.withUnsafeMutableBytes { try file.read(at: position, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<Self.cutReadSize])) }
            if count == 0 { return nil }
            if let newline = buffer.withUnsafeBytes({ $0.firstOffset(of: 0x0A, from: 0, to: count) }) {
                return position + Int64(newline) + 1
            }
            position += Int64(count)
        }
        return nil
    }
}

/// What reading a file in pieces found, line numbers counted from the file's start.
struct LinesRead {
    var lines = 0
    var overlongLines: [Int] = []
    var diagnostics = ReadDiagnostics()
}

/// The bytes of a file from `offset` to `end`, read with pread(2).
private struct FileRange: ByteSource {
    let file: FileSource
    var offset: Int64
    let end: Int64

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = Int(min(Int64(buffer.count), end - offset))
        guard wanted > 0 else { return 0 }
        let count = try file.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
        offset += Int64(count)
        return count
    }
}

/// Set once by the assembling thread, read by the workers before each piece.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
