import Glibc
public import PulseCore
import Synchronization

/// Length-prefixed frames over a pair of pipes: 4 bytes of big-endian length, then the payload in
/// the `CompactFrame` format.
///
/// Blocking by design: each side reads on a thread of its own (the worker on its main thread, the
/// exporter through Dispatch). Reads wait in `poll` with a short timeout so that the exporter can
/// abandon a read after killing the worker: a grandchild that inherited the pipe (a crash reporter,
/// say) would otherwise keep the read blocked forever.
public final class FrameChannel: Sendable {
    /// Larger frames are refused: a corrupt length must not make the exporter allocate gigabytes.
    public static let maximumFrameBytes = 256 * 1024 * 1024
    /// At most one pipe's worth (Linux's default pipe buffer) per read.
    private static let readBytes = 64 * 1024

    /// Descriptors the channel reads and writes but does not own: the worker's stdin and stdout, or
    /// the exporter's ends of the worker's pipes (it closes `output` to end the worker).
    public let input: FileDescriptor
    public let output: FileDescriptor
    /// Bytes read past the frame being assembled.
    private let pending = Mutex(FrameBuffer())

    public init(input: FileDescriptor, output: FileDescriptor) {
        self.input = input
        self.output = output
    }

    public enum ReadResult: Sendable {
        case frame([UInt8])
        case endOfFile
        case corrupt(String)
    }

    public func write<Message: Encodable>(_ message: Message) throws {
        let payload = try CompactFrame.encode(message)
        guard payload.count <= Self.maximumFrameBytes else {
            throw EncodingError.invalidValue(message, .init(codingPath: [], debugDescription: "a frame of \(payload.count) bytes exceeds the limit"))
        }
        let length = UInt32(payload.count)
        // Two writes rather than one copy of a payload that can be megabytes: one writer per channel.
        try output.writeAll([UInt8(length >> 24), UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)])
        try output.writeAll(payload)
    }

    /// What the channel holds between frames (for the memory tests).
    public var bufferedStorageCapacity: Int { pending.withLock { $0.storageCapacity } }

    /// Reads one frame. `abandoned` is checked every 100 ms while waiting; once it returns true the
    /// read ends as end-of-file.
    public func read(abandoned: () -> Bool = { false }) -> ReadResult {
        guard let header = readExactly(4, abandoned: abandoned) else { return .endOfFile }
        let length = header.reduce(0) { ($0 << 8) | Int($1) }
        guard length <= Self.maximumFrameBytes else { return .corrupt("frame of \(length) bytes exceeds the limit") }
        guard let payload = readExactly(length, abandoned: abandoned) else {
            return .corrupt("end of file inside a \(length)-byte frame")
        }
        return .frame(payload)
    }

    public static func decode<Message: Decodable>(_ type: Message.Type, from payload: [UInt8]) throws -> Message {
        try CompactFrame.decode(type, from: payload)
    }

    private func readExactly(_ count: Int, abandoned: () -> Bool) -> [UInt8]? {
        while true {
            if let ready = pending.withLock({ $0.take(count) }) { return ready }
            if abandoned() { return nil }
            var descriptor = pollfd(fd: input.rawValue, events: Int16(POLLIN), revents: 0)
            let polled = poll(&descriptor, 1, 100)
            if polled < 0 && errno != EINTR { return nil }
            guard polled > 0 else { continue }
            // One read() of what is there; empty means end-of-file.
            guard let chunk = try? input.read(upTo: Self.readBytes), !chunk.isEmpty else { return nil }
            pending.withLock { $0.append(chunk) }
        }
    }
}
