import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The user's command under `querylens record -- CMD`: started with the recording environment,
/// its standard input, output and error those of `querylens` (streamed, not captured), its
/// signals reset (it must not inherit a mask the recorder blocked for itself), and its exit
/// status reported as a shell reports it: the code, or 128 + the signal that killed it.
public enum WrappedCommand {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `arguments[0]` (looked up in `PATH`); returns its process id.
    public static func start(_ arguments: [String], environment: [String: String]) throws -> pid_t {
        guard let program = arguments.first else { throw Failure(description: "no command to run") }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signalNumber) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, program, nil, &attributes, argv, envp)
        guard status == 0 else { throw Failure(description: "cannot run \(program): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Waits for the command; its exit code, or 128 + the signal that ended it.
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 127 }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
