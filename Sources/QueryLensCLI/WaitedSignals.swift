import Foundation

/// The signals a long-running command (`record`, `collect`) waits for with `sigwait`: blocked
/// in every thread — so call this before starting event-loop threads, which inherit the mask —
/// and restored to their default action first, since a shell starts background jobs with
/// SIGINT ignored and an ignored signal is discarded before anyone can wait for it.
struct WaitedSignals {
    private(set) var set = sigset_t()

    init(_ numbers: [Int32] = [SIGINT, SIGTERM, SIGHUP]) {
        sigemptyset(&set)
        for number in numbers {
            signal(number, SIG_DFL)
            sigaddset(&set, number)
        }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks until one of them arrives; returns it.
    func next() -> Int32 {
        var mask = set
        var received: Int32 = 0
        sigwait(&mask, &received)
        return received
    }
}
