/// The analysis of a stream of closed traces (`querylens collect`): each trace is a unit of
/// work, handed to the detectors as it closes; findings accumulate by their stable ids, and a
/// report can be taken at any moment. Memory: one accumulator per pattern, as for a log.
public struct TraceAnalysis {
    private var normalizer = Normalizer()
    private var analyzer: Analyzer
    private(set) public var traces = 0
    private(set) public var events = 0

    public init(options: Analyzer.Options = Analyzer.Options()) {
        analyzer = Analyzer(options: options)
    }

    /// Analyzes one closed trace.
    public mutating func add(_ trace: OpenTraces.Trace) {
        traces += 1
        events += trace.events.count
        let analyzed = trace.events.map { AnalysisPipeline.analyzed($0, &normalizer) }
        let unit = UnitOfWork(id: trace.events.first?.unit ?? "trace:\(trace.id)", session: trace.id, boundary: .explicit, events: analyzed)
        analyzer.add(unit, format: nil)
    }

    /// The report so far. `source` names where the traces came from (`otlp-http://host:port`);
    /// `warnings` say what was dropped or rejected.
    public func report(source: String, requests: Int, warnings: [String]) -> Report {
        var diagnostics = ReadDiagnostics()
        for warning in warnings { diagnostics.warn(warning) }
        let summary = LogIngest.InputSummary(path: source, format: nil, compressed: false, lines: requests, events: events, diagnostics: diagnostics)
        var report = AnalysisPipeline.report(analyzer: analyzer, summaries: [summary])
        report.inputs[0].format = "otlp-http"
        return report
    }
}
