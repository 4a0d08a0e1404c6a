import Glibc

/// A file descriptor read and written with plain read(2) and write(2): the little of Foundation's
/// FileHandle that the worker used, without linking Foundation (ICU and CoreFoundation, about 9 MB
/// of the worker's memory). It does not own the descriptor: whoever opened it closes it.
public struct FileDescriptor: Sendable, Hashable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static let standardInput = FileDescriptor(rawValue: STDIN_FILENO)
    public static let standardOutput = FileDescriptor(rawValue: STDOUT_FILENO)
    public static let standardError = FileDescriptor(rawValue: STDERR_FILENO)

    /// Writes every byte. A signal can interrupt write(2) after part of them, so this loops until all
    /// are written or a real error ends it (EPIPE once the reader is gone; SIGPIPE is ignored in both
    /// processes). The array is passed to write(2) as C's pointer by Swift's implicit bridging.
    public func writeAll(_ bytes: some Sequence<UInt8>) throws(FileDescriptorError) {
        var pending = Array(bytes)
        while !pending.isEmpty {
            let written = Glibc.write(rawValue, pending, pending.count)
            if written == pending.count { return }
            if written > 0 {
                pending.removeFirst(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                // write(2) returns 0 for a non-empty buffer only on odd devices; looping would spin.
                throw FileDescriptorError(operation: "write", code: written < 0 ? errno : EIO)
            }
        }
    }

    /// One read(2) of at most `count` bytes: what is there now, waiting only while nothing is.
    /// Empty means end-of-file. Retried after a signal.
    public func read(upTo count: Int) throws(FileDescriptorError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let got = Glibc.read(rawValue, &buffer, count)
            if got >= 0 {
                buffer.removeLast(buffer.count - got)
                return buffer
            }
            if errno != EINTR { throw FileDescriptorError(operation: "read", code: errno) }
        }
    }
}

/// A failed read(2) or write(2), with the system's text for its errno.
public struct FileDescriptorError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32

    public var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
}
