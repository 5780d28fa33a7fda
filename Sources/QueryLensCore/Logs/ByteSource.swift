#if canImport(Glibc)
import Glibc
#endif

/// A stream of bytes read in large blocks: a file, standard input, or a gzip stream over one.
public protocol ByteSource {
    /// Fills up to `buffer.count` bytes; returns how many, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Why input could not be read: always names the file, never crashes.
public struct InputError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// A file descriptor read with read(2): no Foundation buffering, no whole-file strings.
public final class FileSource: ByteSource {
    public let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Bytes read so far, told to `onRead` after every block (progress on a terminal).
    public private(set) var bytesRead: Int64 = 0
    public var onRead: ((Int64) -> Void)?
    /// Asked before every block: `true` ends the input there, as if the file ended (a reader
    /// whose results are no longer wanted stops within one block).
    public var shouldStop: (() -> Bool)?

    /// Opens `path`, or standard input for `-`.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { throw InputError(path: path, reason: String(cString: strerror(errno))) }
        var status = stat()
        if fstat(opened, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            close(opened)
            throw InputError(path: path, reason: "is a directory")
        }
        descriptor = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The size of a regular file; `nil` for a pipe, a terminal or standard input.
    public var regularFileSize: Int64? {
        var status = stat()
        guard ownsDescriptor, fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(status.st_size)
    }

    /// Reads at `offset` without moving the file position (pread(2)): any thread, any order.
    /// Not counted in `bytesRead`.
    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw InputError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if shouldStop?() == true { return 0 }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                bytesRead += Int64(count)
                onRead?(bytesRead)
                return count
            }
            if errno == EINTR { continue }
            throw InputError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
