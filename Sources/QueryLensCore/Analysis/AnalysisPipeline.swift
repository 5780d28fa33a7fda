/// The whole `analyze` path: logs → events → fingerprints → units → detectors → report.
/// One streaming pass; memory is the open units plus one accumulator per pattern (per input
/// analyzed at the same time).
public struct AnalysisPipeline {
    public var ingest: LogIngest
    public var grouperOptions: UnitGrouper.Options
    public var analyzerOptions: Analyzer.Options
    /// A live database: adds missing-index findings and the plans of batched queries.
    public var database: (any PlanningDatabase)?
    public var indexOptions: IndexAdvisor.Options
    /// Told, after each block read, the bytes read of all inputs so far and the statements.
    public var progress: ((_ bytesRead: Int64, _ events: Int) -> Void)?

    public init(
        ingest: LogIngest = LogIngest(), grouperOptions: UnitGrouper.Options = .init(), analyzerOptions: Analyzer.Options = .init(),
        database: (any PlanningDatabase)? = nil, indexOptions: IndexAdvisor.Options = .init()
    ) {
        self.ingest = ingest
        self.grouperOptions = grouperOptions
        self.analyzerOptions = analyzerOptions
        self.database = database
        self.indexOptions = indexOptions
    }

    /// Threads that read and analyze inputs (`ConcurrentReading`); 1 does everything on the
    /// calling thread. The report is the same whatever the number (`InputAnalysis`).
    public var jobs = 1

    /// Reads every path (files; expand directories first) and returns the report. Throws
    /// `InputError` for an input that cannot be read.
    public func run(paths: [String]) throws -> Report {
        let (grouperOptions, analyzerOptions, collectWorkload) = (grouperOptions, analyzerOptions, database != nil)
        let newInput = { @Sendable in
            InputAnalysis(grouperOptions: grouperOptions, analyzerOptions: analyzerOptions, collectWorkload: collectWorkload)
        }
        var analysis = newInput()
        if jobs > 1 {
            var reading = ConcurrentReading(options: ingest.options, paths: paths, threads: jobs)
            // Enough inputs to keep every thread busy: each thread analyzes the inputs it reads.
            if paths.count >= jobs { reading.analyzeInput = newInput }
            var input = newInput()
            try reading.run(progress: progress) { item in
                switch consume item {
                case .start(let layout): input.start(layout)
                case .events(let batch):
                    while let event = batch.takeNext() { input.add(event) }
                case .end(let summary):
                    input.end(summary)
                    analysis.merge(input)
                    input = newInput()
                case .analyzed(let input): analysis.merge(input.analysis)
                case .failed(let error): throw error
                }
            }
        } else {
            var ingest = self.ingest
            var bytesBefore: Int64 = 0
            var bytesOfInput: Int64 = 0
            var events = 0
            if let progress {
                ingest.progress = { bytes in
                    bytesOfInput = bytes
                    progress(bytesBefore + bytes, events)
                }
            }
            for path in paths {
                bytesBefore += bytesOfInput
                bytesOfInput = 0
                var input = newInput()
                let summary = try ingest.read(path: path) { event in
                    events += 1
                    input.add(event)
                } onStart: { layout in
                    input.start(layout)
                }
                input.end(summary)
                analysis.merge(input)
            }
        }
        var report = Self.report(analyzer: analysis.analyzer, summaries: analysis.summaries)
        if let database {
            IndexFindings.planBatchedQueries(&report.findings, database: database)
            let indexes = IndexFindings.findings(try IndexAdvisor(database: database, options: indexOptions).advise(analysis.workload.statements()))
            report.findings += indexes
            report.summary.findings += indexes.count
            report.summary.byKind[FindingKind.missingIndex.rawValue, default: 0] += indexes.count
        }
        return report
    }

    /// An event with its fingerprint, comment tags and values hash: the statement's, or the URL
    /// template's for an HTTP call.
    @inline(__always)
    static func analyzed(_ event: consuming QueryEvent, _ normalizer: inout Normalizer) -> AnalyzedEvent {
        if event.isHTTPCall {
            let template = HTTPCallTemplate.template(event.sql)
            return AnalyzedEvent(event: event, fingerprint: template.fingerprint, tags: [], values: template.values)
        }
        let (fingerprint, tags, literals, binds) = normalizer.fingerprintTagsAndValues(of: event.sql)
        let values = values(literals: literals, bindsParameters: binds, parameters: event.parameters)
        return AnalyzedEvent(event: event, fingerprint: fingerprint, tags: tags, values: values)
    }

    /// The hash detectors compare: inline literals and bound values; unknown when the
    /// statement binds parameters the log did not record.
    static func values(literals: UInt64, bindsParameters: Bool, parameters: [String?]) -> UInt64 {
        if !parameters.isEmpty { return literals ^ hash(parameters) }
        return bindsParameters ? AnalyzedEvent.unknownValues : literals
    }

    static func hash(_ parameters: [String?]) -> UInt64 {
        var hasher = FingerprintHasher()
        for parameter in parameters {
            guard var text = parameter else {
                hasher.mix(0xFF)
                continue
            }
            text.withUTF8 { buffer in
                if let base = buffer.baseAddress {
                    hasher.mix(tag: 1, bytes: base, count: buffer.count, readable: buffer.count, foldCase: false)
                } else {
                    hasher.mix(1 << 56)
                }
            }
        }
        return hasher.finish().value
    }

    static func report(analyzer: Analyzer, summaries: [LogIngest.InputSummary]) -> Report {
        let findings = analyzer.findings()
        var byKind: [String: Int] = [:]
        for kind in FindingKind.allCases { byKind[kind.rawValue] = 0 }
        for finding in findings { byKind[finding.kind.rawValue, default: 0] += 1 }
        let inputs = summaries.map { summary in
            Report.Input(
                path: summary.path, envelopes: summary.envelopes, format: summary.format?.rawValue, logLinePrefix: summary.linePrefix,
                logLinePrefixInferred: summary.linePrefix == nil ? nil : summary.linePrefixInferred, lines: summary.lines, events: summary.events,
                skippedLines: summary.diagnostics.skippedLines, firstSkippedLines: summary.diagnostics.firstSkippedLines,
                warnings: summary.diagnostics.warnings)
        }
        let summary = Report.Summary(
            inputs: summaries.count, events: analyzer.events, units: analyzer.units, inferredUnits: analyzer.inferredUnits,
            skippedLines: summaries.reduce(0) { $0 + $1.diagnostics.skippedLines }, findings: findings.count, byKind: byKind,
            profile: analyzer.options.profile.name.rawValue, durationMs: analyzer.durationMilliseconds)
        return Report(summary: summary, inputs: inputs, findings: findings, statements: analyzer.statementTimes())
    }
}
