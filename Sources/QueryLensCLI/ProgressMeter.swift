import Dispatch
import Foundation

/// One status line on standard error, redrawn in place at most four times a second: bytes read
/// of the total, statements per second and time left while `analyze` reads, live counts while
/// `record` and `collect` run. Only on a terminal, and never with `--quiet`, so that logs,
/// pipes and CI output stay clean.
final class ProgressMeter: @unchecked Sendable {
    private let lock = NSLock()
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private var timer: DispatchSourceTimer?

    /// `nil` when standard error is not a terminal or the user asked for quiet.
    init?(quiet: Bool) {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        // The first line after a quarter second: a small input finishes without one.
        lastDraw = started
    }

    /// While reading: `bytes` of `total` (0 when unknown, standard input), `events` so far.
    func reading(bytes: Int64, of total: Int64, events: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw >= 250_000_000 else { return }
        let seconds = Double(now - started) / 1e9
        var line = "reading \(Self.size(bytes))"
        if total > 0 {
            line += " of \(Self.size(total)) (\(Int(Double(bytes) / Double(total) * 100))%)"
        }
        if seconds > 0 { line += ", \(Self.count(Double(events) / seconds)) statements/s" }
        if total > 0, bytes > 0, seconds >= 1 {
            let left = seconds * Double(total - bytes) / Double(bytes)
            line += ", \(Int(left.rounded(.up))) s left"
        }
        draw(line, at: now)
    }

    /// Redraws `status()` every quarter second until `finish()`.
    func live(_ status: @escaping @Sendable () -> String) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler { [weak self] in self?.draw(status(), at: DispatchTime.now().uptimeNanoseconds) }
        self.timer = timer
        timer.resume()
    }

    /// Clears the line, so what follows starts on a clean one.
    func finish() {
        timer?.cancel()
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    private func draw(_ line: String, at now: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
    }

    /// `412 MB`, `1.2 GB`.
    static func size(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if value >= 1e9 { return "\((value / 1e8).rounded() / 10) GB" }
        if value >= 1e6 { return "\(Int((value / 1e6).rounded())) MB" }
        return "\(Int((value / 1e3).rounded())) kB"
    }

    /// `850`, `12.4 k`, `1.2 M`.
    static func count(_ value: Double) -> String {
        if value >= 1e6 { return "\((value / 1e5).rounded() / 10) M" }
        if value >= 1e4 { return "\((value / 1e2).rounded() / 10) k" }
        return "\(Int(value.rounded()))"
    }
}
