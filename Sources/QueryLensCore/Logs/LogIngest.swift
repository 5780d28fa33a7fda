import Foundation

/// Reads logs from paths (files, directories, `-` for standard input, `.gz` anywhere) and
/// emits their events: the entry point of the "point it at a query log" path.
///
/// Each input is sniffed on its own: gzip by its magic bytes, the log format from its first
/// lines (unless given). Inputs are read one after another in the order given (directories in
/// name order), so rotated logs passed in order continue each other's sessions.
public struct LogIngest {
    public struct Options: Sendable {
        /// Forces a format instead of detecting one per input.
        public var format: LogFormat?
        /// The server's `log_line_prefix`, for PostgreSQL stderr logs.
        public var linePrefix: LinePrefix?

        public init(format: LogFormat? = nil, linePrefix: LinePrefix? = nil) {
            self.format = format
            self.linePrefix = linePrefix
        }
    }

    /// What one input gave.
    public struct InputSummary: Sendable {
        public var path: String
        /// The envelopes around the input's lines, outermost first (`syslog-rfc3164`,
        /// `postgres-syslog`), empty for a bare log.
        public var envelopes: [String] = []
        public var format: LogFormat?
        /// The `log_line_prefix` a PostgreSQL stderr log was read with, and whether it was
        /// inferred from the log (rather than given or one of the known defaults).
        public var linePrefix: String?
        public var linePrefixInferred = false
        /// The input's timestamps have whole seconds only (`%t`, RFC 3164 syslog): pauses
        /// shorter than two seconds cannot be seen, so units of work rest on sessions.
        public var coarseClock = false
        public var compressed: Bool
        public var lines: Int
        public var events: Int
        public var diagnostics: ReadDiagnostics
    }

    public var options: Options
    /// Told the bytes read of the current input (compressed bytes for `.gz`) after each block.
    public var progress: ((Int64) -> Void)?
    /// Asked before every block read: `true` ends the current input there (`FileSource.shouldStop`).
    public var shouldStop: (() -> Bool)?

    /// Threads that may parse one large, uncompressed PostgreSQL stderr or jsonlog file in
    /// pieces while this thread assembles its events (`ChunkedFileReading`); 1 reads every
    /// input here. See `piecesPay`.
    public var pieceWorkers = 1
    /// Files smaller than two pieces are read on one thread.
    var pieceSize: Int64 = 1 << 20

    /// Whether parsing in pieces beats one reader thread (with the analysis on another).
    /// Measured on two cores (docs/performance.md): a stderr log's reading costs about what
    /// the analysis after it costs, so one reader and the analysis already keep two cores busy
    /// and pieces only add hand-overs; a jsonlog's reading costs about twice the analysis, and
    /// pieces read it 1.4 times as fast. stderr is therefore split from three threads up.
    static func piecesPay(_ format: LogFormat, workers: Int) -> Bool {
        workers >= (format == .postgresJSON ? 2 : 3)
    }

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The files `paths` name: directories expanded (regular, non-hidden files, sorted).
    public static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue {
                guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                    throw InputError(path: path, reason: "cannot list directory")
                }
                var found: [String] = []
                while let relative = enumerator.nextObject() as? String {
                    let full = (path as NSString).appendingPathComponent(relative)
                    var nestedDirectory: ObjCBool = false
                    let name = (relative as NSString).lastPathComponent
                    if name.hasPrefix(".") { continue }
                    if FileManager.default.fileExists(atPath: full, isDirectory: &nestedDirectory), !nestedDirectory.boolValue { found.append(full) }
                }
                files += found.sorted()
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Reads one input; throws `InputError` when it cannot be opened or read. `onStart` is
    /// told how the input is laid out (format, envelopes, prefix, clock) before its first event.
    public func read(path: String, emit: (consuming QueryEvent) -> Void, onStart: (InputSummary) -> Void = { _ in }) throws -> InputSummary {
        let file = try FileSource(path: path)
        file.onRead = progress
        file.shouldStop = shouldStop
        var head = try Self.readHead(file)
        var source: any ByteSource = file
        let compressed = head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B
        if compressed {
            let gzip = try GzipSource(upstream: file, path: path, prefix: head)
            head = try Self.readHead(gzip)
            source = gzip
        }
        var summary = InputSummary(path: path, format: nil, compressed: compressed, lines: 0, events: 0, diagnostics: ReadDiagnostics())
        let (layers, inner, envelopeClockIsFine) = EnvelopeDetection.detect(Self.lines(of: head))
        summary.envelopes = layers.map(\.name)
        let format = options.format ?? LogFormat.detect(inner)
        guard let format else {
            if !head.isEmpty {
                let tried = "PostgreSQL stderr with any log_line_prefix, csvlog, jsonlog, Rails, Django, QueryLens JSONL, SQL; inside syslog, the journal, Docker, CRI, Cloud Logging, CloudWatch or CloudNativePG"
                summary.diagnostics.warn("format not recognized (tried \(tried)): give it with --input-format (one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return summary
        }
        summary.format = format
        var reader = makeReader(format, sample: inner)
        var stderrPrefix: LinePrefix?
        if format == .postgresStderr {
            let detected = options.linePrefix.map { ($0, false) } ?? LinePrefix.detect(Array(inner.prefix(Self.prefixSampleLines)))
            if let (prefix, inferred) = detected {
                reader = PostgresStderrReader(prefix: prefix)
                stderrPrefix = prefix
                summary.linePrefix = prefix.format
                summary.linePrefixInferred = inferred
            }
            summary.coarseClock = !(detected?.0.hasFineTimestamp ?? false) && !envelopeClockIsFine
            if summary.coarseClock {
                summary.diagnostics.warn(Self.coarseClockWarning)
            }
        }
        onStart(summary)
        var events = 0
        func counting(_ event: consuming QueryEvent) {
            events += 1
            emit(event)
        }
        var overlong: [Int] = []
        let readerDiagnostics: ReadDiagnostics
        let size = file.regularFileSize ?? 0
        if Self.piecesPay(format, workers: pieceWorkers), !compressed, layers.isEmpty, size >= 2 * pieceSize, format == .postgresJSON || stderrPrefix != nil {
            func inPieces<Parser: PostgresRecordParser>(_ makeParser: @escaping @Sendable () -> Parser) throws -> LinesRead {
                try ChunkedFileReading(file: file, size: size, workers: pieceWorkers, makeParser: makeParser, pieceSize: pieceSize)
                    .read(progress: progress, shouldStop: shouldStop, emit: counting)
            }
            let outcome = try stderrPrefix.map { prefix in try inPieces { PostgresStderrRecords(prefix: prefix) } } ?? inPieces { PostgresJSONRecords() }
            summary.lines = outcome.lines
            overlong = outcome.overlongLines
            readerDiagnostics = outcome.diagnostics
        } else {
            for layer in layers.reversed() { reader = EnvelopeReader(envelope: layer.make(), inner: reader) }
            var replay = ReplayingSource(head: head, rest: source)
            summary.lines = try LineSplitter().forEachLine(in: &replay, onOverlongLine: { overlong.append($0) }) { line, number, next in
                reader.read(line: line, number: number, nextLineStart: next, emit: counting)
            }
            reader.finish(emit: counting)
            readerDiagnostics = reader.diagnostics
        }
        summary.events = events
        let warnings = summary.diagnostics.warnings
        summary.diagnostics = readerDiagnostics
        for warning in warnings { summary.diagnostics.warn(warning) }
        for line in overlong { summary.diagnostics.skip(line: line) }
        if !overlong.isEmpty { summary.diagnostics.warn("lines longer than \(LineSplitter.maximumLineLength >> 20) MB were skipped") }
        return summary
    }

    static let coarseClockWarning =
        "timestamps have whole seconds only (%t in log_line_prefix, or RFC 3164 syslog): units of work rest on sessions, transactions and pauses of 2 s or more; add %m to log_line_prefix for millisecond timestamps"

    private func makeReader(_ format: LogFormat, sample: [[UInt8]]) -> any LogReader {
        switch format {
        case .postgresStderr: return PostgresStderrReader(prefix: options.linePrefix)
        case .postgresCSV: return PostgresCSVReader()
        case .postgresJSON: return PostgresJSONReader()
        case .rails: return RailsLogReader()
        case .django: return DjangoLogReader(requestLines: DjangoLogReader.accessLinesNameSessions(sample))
        case .sqlalchemy: return SQLAlchemyLogReader()
        case .peewee: return PeeweeLogReader()
        case .sequel: return SequelLogReader()
        case .eloquent: return EloquentLogReader()
        case .gorm: return GormLogReader()
        case .hibernate: return HibernateLogReader()
        case .efcore: return EFCoreLogReader()
        case .sequelize: return SequelizeLogReader()
        case .prisma: return PrismaLogReader()
        case .typeorm: return TypeORMLogReader()
        case .ecto: return EctoLogReader()
        case .otlpJSON: return OTLPJSONReader()
        case .jsonl: return JSONLReader()
        case .sql: return PlainSQLReader()
        }
    }

    private static let headSize = 64 << 10
    /// At most this many lines of the head are sampled: enough to get past an application's
    /// start-up chatter (Hibernate logs some 250 lines before its first statement).
    static let sampleLines = 1000
    /// Prefix inference needs fewer, and costs more per line.
    static let prefixSampleLines = 200

    private static func readHead(_ source: some ByteSource) throws -> [UInt8] {
        var source = source
        var head = [UInt8](repeating: 0, count: headSize)
        var filled = 0
        while filled < headSize {
            let count = try head.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if count == 0 { break }
            filled += count
        }
        head.removeSubrange(filled...)
        return head
    }

    private static func lines(of head: [UInt8]) -> [[UInt8]] {
        var lines = head.split(separator: 0x0A, maxSplits: sampleLines, omittingEmptySubsequences: true).map(Array.init)
        if head.count == headSize, lines.count > 1 { lines.removeLast() }  // possibly cut
        return lines
    }
}

/// Gives back the bytes read for sniffing, then the rest of the stream.
private struct ReplayingSource: ByteSource {
    var head: [UInt8]
    var offset = 0
    var rest: any ByteSource

    init(head: [UInt8], rest: any ByteSource) {
        self.head = head
        self.rest = rest
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < head.count {
            let count = min(buffer.count, head.count - offset)
            head.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
            offset += count
            return count
        }
        return try rest.read(into: buffer)
    }
}
