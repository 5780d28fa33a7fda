import Foundation
import QueryLensCore
import Testing

/// The release tarball (Scripts/build-release, which Scripts/test runs as root) on a machine
/// with nothing installed: a minimal Debian made once by debootstrap, entered with chroot. No
/// Swift toolchain, no -dev package, no libpq there.
@Suite("Release", .serialized)
struct ReleaseTests {
    static let tarball: String? = ProcessInfo.processInfo.environment["QUERYLENS_TEST_RELEASE_TARBALL"].flatMap {
        FileManager.default.fileExists(atPath: $0) ? $0 : nil
    }
    static let debootstrap = ["/usr/sbin/debootstrap", "/usr/bin/debootstrap"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let skip: Comment = "needs QUERYLENS_TEST_RELEASE_TARBALL (Scripts/test builds it as root with Scripts/build-release)"

    /// A minimal Debian (`debootstrap --variant=minbase`), made once under .build/.
    static func minimalDebian() throws -> String? {
        guard getuid() == 0, let debootstrap else {
            print("skipping: the bare-Debian test needs root and debootstrap (Scripts/test installs it)")
            return nil
        }
        let root = Repository.root.appendingPathComponent(".build/debian-minbase").path
        let ready = root + "/.querylens-ready"
        if !FileManager.default.fileExists(atPath: ready) {
            try? FileManager.default.removeItem(atPath: root)
            let made = try runProgram(debootstrap, ["--variant=minbase", "bookworm", root, "http://deb.debian.org/debian"])
            guard made.status == 0 else {
                print("skipping: debootstrap could not make a Debian root (no Debian archive?): \(made.errors.suffix(300))")
                return nil
            }
            FileManager.default.createFile(atPath: ready, contents: nil)
        }
        return root
    }

    static func chroot(_ root: String, _ arguments: [String]) throws -> QueryLensBinary.Result {
        try runProgram("/usr/sbin/chroot", [root] + arguments, environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root"])
    }

    @Test(.enabled(if: ReleaseTests.tarball != nil, ReleaseTests.skip))
    func installVerifiesTheChecksumBeforeInstallingAnything() throws {
        let tarball = try #require(Self.tarball)
        let install = Repository.root.appendingPathComponent("Scripts/install").path
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-prefix-\(UUID().uuidString)").path
        let installed = try runProgram(install, ["--file", tarball, "--prefix", prefix])
        #expect(installed.status == 0 && installed.output.hasPrefix("querylens \(QueryLensVersion.current)"), "\(installed.errors)")
        for path in ["bin/querylens", "lib/libquerylens-sqlite-trace.so", "share/man/man1/querylens.1", "share/bash-completion/completions/querylens",
                     "share/zsh/site-functions/_querylens", "share/fish/vendor_completions.d/querylens.fish"] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + path), "\(path)")
        }
        // A tarball that is not the one its checksum names installs nothing.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("querylens-tampered-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let copy = directory + "/" + URL(fileURLWithPath: tarball).lastPathComponent
        var bytes = try Data(contentsOf: URL(fileURLWithPath: tarball))
        bytes.append(0)
        try bytes.write(to: URL(fileURLWithPath: copy))
        try FileManager.default.copyItem(atPath: tarball + ".sha256", toPath: copy + ".sha256")
        let elsewhere = prefix + "-tampered"
        let refused = try runProgram(install, ["--file", copy, "--prefix", elsewhere])
        #expect(refused.status == 2 && refused.errors.contains("SHA-256 does not match"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/bin/querylens"))
    }

    @Test(.enabled(if: ReleaseTests.tarball != nil, ReleaseTests.skip))
    func theBinaryRunsOnAMinimalDebianWithNothingInstalled() throws {
        let tarball = try #require(Self.tarball)
        guard let root = try Self.minimalDebian() else { return }
        // Every Linux has /proc; a bare chroot does not until it is mounted (the Swift runtime
        // reads the command line from /proc/self/cmdline).
        guard try runProgram("/bin/mount", ["-t", "proc", "proc", root + "/proc"]).status == 0 else {
            print("skipping: cannot mount /proc in the Debian root here: the bare-Debian test does not run")
            return
        }
        defer { _ = try? runProgram("/bin/umount", [root + "/proc"]) }
        // Nothing of a build machine there.
        #expect(try Self.chroot(root, ["/bin/sh", "-c", "command -v swift"]).status != 0)
        let packages = try Self.chroot(root, ["dpkg-query", "-W", "-f", "${Package}\\n"])
        #expect(packages.status == 0 && !packages.output.split(separator: "\n").contains { $0.hasSuffix("-dev") || $0.hasPrefix("libpq") || $0.hasPrefix("libsqlite3") })

        try? FileManager.default.removeItem(atPath: root + "/opt/querylens")
        let install = try runProgram(Repository.root.appendingPathComponent("Scripts/install").path, ["--file", tarball, "--prefix", root + "/opt/querylens"])
        #expect(install.status == 0, "\(install.errors)")
        for file in ["bookstore.sqlite3", "django.log"] {
            try? FileManager.default.removeItem(atPath: root + "/tmp/" + file)
            try FileManager.default.copyItem(atPath: Repository.fixture("demo/" + file).path, toPath: root + "/tmp/" + file)
        }
        let version = try Self.chroot(root, ["/opt/querylens/bin/querylens", "version"])
        #expect(version.status == 0 && version.output.contains("libpq not installed") && version.output.contains("sqlite 3."), "\(version.output)\(version.errors)")
        let analyzed = try Self.chroot(root, ["/opt/querylens/bin/querylens", "analyze", "--database", "/tmp/bookstore.sqlite3", "/tmp/django.log"])
        #expect(analyzed.status == 0 && analyzed.output.contains("N+1 query on bookstore_author.id") && analyzed.output.contains("Missing index on bookstore_book"),
                "\(analyzed.output)\(analyzed.errors)")
        // PostgreSQL without libpq: one clear line and exit 2, not a loader crash.
        let postgres = try Self.chroot(root, ["/opt/querylens/bin/querylens", "inspect", "--database", "postgresql://app:secret@127.0.0.1:1/app"])
        #expect(postgres.status == 2 && postgres.errors.contains("apt install libpq5") && !postgres.errors.contains("secret"), "\(postgres.errors)")
    }
}
