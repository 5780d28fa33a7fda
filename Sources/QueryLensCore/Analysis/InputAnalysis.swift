/// Everything after reading, for one input, one event at a time in input order: fingerprints,
/// units, detectors, and the statements a live database is asked about.
///
/// Inputs are analyzed apart and then merged in input order (`merge`). Units already end
/// with their input; a session's state (the rhythm it learned, its unit numbers) does too, so
/// nothing but the merged totals passes from one input to the next. That is what lets
/// `--jobs` analyze several files on several threads (`ConcurrentReading`) and still give the
/// report of one thread, byte for byte: one thread analyzes input by input and merges the same
/// way, in the same order.
struct InputAnalysis {
    private var normalizer = Normalizer()
    private var grouper: UnitGrouper
    private(set) var analyzer: Analyzer
    private(set) var workload = IndexFindings.Workload()
    /// The inputs analyzed: one after `end`, several after merges.
    private(set) var summaries: [LogIngest.InputSummary] = []
    private var format: LogFormat?
    private let collectWorkload: Bool

    init(grouperOptions: UnitGrouper.Options, analyzerOptions: Analyzer.Options, collectWorkload: Bool) {
        grouper = UnitGrouper(options: grouperOptions)
        analyzer = Analyzer(options: analyzerOptions)
        self.collectWorkload = collectWorkload
    }

    mutating func start(_ layout: LogIngest.InputSummary) {
        format = layout.format
        analyzer.input = layout.path
        grouper.minimumIdleGap = layout.coarseClock ? UnitGrouper.coarseClockIdleGap : 0
    }

    mutating func add(_ event: consuming QueryEvent) {
        let collect = collectWorkload && !event.isHTTPCall
        let analyzed = AnalysisPipeline.analyzed(event, &normalizer)
        if collect { workload.add(analyzed.fingerprint, analyzed.event) }
        grouper.add(analyzed) { unit in
            analyzer.add(unit, format: format)
        }
    }

    /// Closes the units still open: a unit's statements then share one format (dialect, ORM),
    /// and a request is rarely cut by a log rotation.
    mutating func end(_ summary: LogIngest.InputSummary) {
        grouper.finish { analyzer.add($0, format: format) }
        summaries.append(summary)
    }

    /// Adds the analysis of the inputs that come after this one's.
    mutating func merge(_ later: InputAnalysis) {
        analyzer.merge(later.analyzer)
        workload.merge(later.workload)
        summaries += later.summaries
    }
}
