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

    /// Writes every byte. A pipe takes at most its free space in one write(2) and a signal can
    /// interrupt one, so this loops until all is written or a real error ends it (EPIPE once the
    /// reader is gone; SIGPIPE is ignored in both processes).
    public func writeAll(_ bytes: some Sequence<UInt8>) throws(FileDescriptorError) {
        let failure = bytes.withContiguousStorageIfAvailable(write) ?? Array(bytes).withUnsafeBufferPointer(write)
        if let failure { throw FileDescriptorError(operation: "write", code: failure) }
    }

    /// One read(2) of at most `count` bytes: what is there now, waiting only while nothing is.
    /// Empty means end-of-file. Retried after a signal.
    public func read(upTo count: Int) throws(FileDescriptorError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(rawValue, $0.baseAddress, $0.count) }
            if got >= 0 {
                buffer.removeLast(buffer.count - got)
                return buffer
            }
            if errno != EINTR { throw FileDescriptorError(operation: "read", code: errno) }
        }
    }

    /// The errno that ended the write, or nil once every byte is written.
    private func write(_ buffer: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let base = buffer.baseAddress else { return nil }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(rawValue, base + offset, buffer.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                // write(2) returns 0 for a non-empty buffer only on odd devices; looping would spin.
                return written < 0 ? errno : EIO
            }
        }
        return nil
    }
}

/// A failed read(2) or write(2), with the system's text for its errno.
public struct FileDescriptorError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32

    public var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
}
