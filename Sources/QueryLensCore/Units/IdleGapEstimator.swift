/// Learns a session's own rhythm to decide when a pause ends a unit of work.
///
/// Statements of one request follow each other within milliseconds; requests on a pooled
/// connection are separated by longer pauses. A fixed gap is fragile across applications,
/// so the threshold is derived from the session's gaps: a log2 histogram of the gaps seen so
/// far, and the threshold is 16 times their median, kept within [10 ms, 1 s].
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
        for (bucket, number) in buckets.enumerated() {
            seen += number
            if seen * 2 >= count {
                let median = Int64(1) << Int64(bucket)
                return min(Self.maximum, max(Self.minimum, median * 16))
            }
        }
        return Self.maximum
    }
}
