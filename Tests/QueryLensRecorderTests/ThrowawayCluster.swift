import Foundation

/// A PostgreSQL cluster of its own, for a test that must restart its server (Scripts/test puts
/// the server's `initdb` and `pg_ctl` on PATH). Every completed statement is logged with its
/// duration (`log_min_duration_statement = 0`), which is the server's own count of what ran.
/// Run as the `postgres` user when the tests run as root.
final class ThrowawayCluster {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: String
    let port: Int
    var log: String { directory + "/server.log" }
    var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable" }

    static var available: Bool { tool("pg_ctl") != nil && tool("initdb") != nil }

    init(settings: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-cluster-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = 45_000 + Int.random(in: 0..<10_000)
        if getuid() == 0 { try Self.shell("chown postgres \(directory)", asPostgres: false) }
        try Self.shell("initdb -D \(directory)/data -A trust -U postgres -E UTF8 --locale=C.UTF-8 >\(directory)/initdb.log 2>&1")
        let configuration = ([
            "port = \(port)", "listen_addresses = '127.0.0.1'", "unix_socket_directories = '\(directory)'", "fsync = off",
            "log_min_duration_statement = 0", "log_line_prefix = '%m [%p] '",
        ] + settings).joined(separator: "\n")
        try Self.shell("printf '%s\\n' \"\(configuration)\" >> \(directory)/data/postgresql.conf")
        try start()
    }

    func start() throws { try Self.daemonize("pg_ctl -D \(directory)/data -l \(log) -w start") }

    /// `fast`: sessions are ended (FATAL 57P01), then the server comes back.
    func restart(mode: String = "fast") throws {
        try Self.daemonize("pg_ctl -D \(directory)/data -l \(log) -m \(mode) -w restart")
    }

    deinit {
        try? Self.shell("pg_ctl -D \(directory)/data -m immediate -w stop >/dev/null 2>&1")
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func tool(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a command that starts a daemon (pg_ctl start): the server it leaves running must not
    /// hold any descriptor of this process (Foundation's Process waits on them, and would never
    /// return), so every descriptor above 2 is closed first and the output goes to /dev/null.
    static func daemonize(_ command: String) throws {
        let closeAll = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; "#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let line = getuid() == 0 ? "su postgres -s /bin/sh -c \"PATH=\(path) \(command)\"" : command
        process.arguments = ["-c", closeAll + line]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "\(command) failed (status \(process.terminationStatus))") }
    }

    @discardableResult
    static func shell(_ command: String, asPostgres: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        if asPostgres && getuid() == 0 {
            process.arguments = ["-c", "su postgres -s /bin/sh -c \"PATH=\(path) \(command.replacingOccurrences(of: "\"", with: "\\\""))\""]
        } else {
            process.arguments = ["-c", command]
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "\(command): \(output)") }
        return output
    }
}
