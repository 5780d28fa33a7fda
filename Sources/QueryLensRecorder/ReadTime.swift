import Glibc

/// The wall-clock time of a connection's latest read, in microseconds since 1970. Bytes are
/// forwarded before the recorder decodes its copy, so events are stamped with this time, the
/// moment the request or the answer passed through, not the moment it was decoded. Both
/// directions of a connection share one on their event loop.
final class ReadTime: @unchecked Sendable {
    private(set) var microseconds: Int64 = 0

    /// Straight from the kernel (vDSO).
    func mark() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        microseconds = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }
}
