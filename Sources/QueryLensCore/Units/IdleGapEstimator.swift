/// Learns a session's own rhythm to decide when a pause ends a unit of work.
///
/// Statements of one request follow each other within milliseconds; requests on a pooled
/// connection are separated by longer pauses. A fixed gap is fragile across applications,
/// so the threshold is derived from the session's gaps, in a log2 histogram: the gaps inside
/// requests (queries, and the application's own work between them, up to tens of ms when it
/// renders a template) form one cluster, the pauses between requests another, with empty
/// buckets between. The threshold is the top of the lower cluster: the start of the widest run
/// of empty buckets above the median that has gaps above it. Without such a run, 16 times the
/// median. Kept within [10 ms, 1 s].
struct IdleGapEstimator {
    static let minimum: Int64 = 10_000
    static let maximum: Int64 = 1_000_000
    /// Gaps of 1 µs ... 2^31 µs (about 36 minutes) in power-of-two buckets.
    private var buckets = [Int32](repeating: 0, count: 32)
    private var count: Int32 = 0
    /// The threshold changes slowly: it is recomputed every 32 gaps, not on every statement.
    private(set) var threshold: Int64 = IdleGapEstimator.minimum * 10

    mutating func record(gap microseconds: Int64) {
        let bucket = microseconds <= 1 ? 0 : min(31, 64 - (microseconds - 1).leadingZeroBitCount)
        buckets[bucket] += 1
        count += 1
        if count < 64 || count & 31 == 0 { threshold = computeThreshold() }
    }

    private func computeThreshold() -> Int64 {
        guard count >= 3 else { return Self.minimum * 10 }
        var seen: Int32 = 0
        var medianBucket = buckets.count - 1
        for (bucket, number) in buckets.enumerated() {
            seen += number
            if seen * 2 >= count {
                medianBucket = bucket
                break
            }
        }
        // The widest run of empty buckets above the median with gaps above it.
        var best: (start: Int, length: Int)?
        var runStart: Int?
        for bucket in (medianBucket + 1)..<buckets.count {
            if buckets[bucket] == 0 {
                if runStart == nil { runStart = bucket }
            } else if let start = runStart {
                if bucket - start > (best?.length ?? 0) { best = (start, bucket - start) }
                runStart = nil
            }
        }
        let threshold = best.map { Int64(1) << Int64($0.start - 1) } ?? (Int64(1) << Int64(medianBucket)) * 16
        return min(Self.maximum, max(Self.minimum, threshold))
    }

}
