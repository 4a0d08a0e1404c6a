import Foundation

/// Length-prefixed JSON frames over a pair of pipes: 4 bytes of big-endian length, then the payload.
///
/// Blocking by design: each side runs it on a thread of its own (the worker on its main thread,
/// the exporter through Dispatch), and a killed peer ends a blocked read with end-of-file.
struct FrameChannel: Sendable {
    /// Larger frames are refused: a corrupt length must not make the exporter allocate gigabytes.
    static let maximumFrameBytes = 256 * 1024 * 1024

    let input: FileHandle
    let output: FileHandle

    enum ReadResult: Sendable {
        case frame(Data)
        case endOfFile
        case corrupt(String)
    }

    func write<Message: Encodable>(_ message: Message) throws {
        let payload = try JSONEncoder().encode(message)
        var length = UInt32(payload.count).bigEndian
        var frame = Data(bytes: &length, count: 4)
        frame.append(payload)
        try output.write(contentsOf: frame)
    }

    func read() -> ReadResult {
        guard let header = readExactly(4) else { return .endOfFile }
        let length = header.reduce(0) { ($0 << 8) | Int($1) }
        guard length <= Self.maximumFrameBytes else { return .corrupt("frame of \(length) bytes exceeds the limit") }
        guard let payload = readExactly(length) else { return .corrupt("end of file inside a \(length)-byte frame") }
        return .frame(payload)
    }

    static func decode<Message: Decodable>(_ type: Message.Type, from data: Data) throws -> Message {
        try JSONDecoder().decode(type, from: data)
    }

    private func readExactly(_ count: Int) -> Data? {
        var collected = Data()
        collected.reserveCapacity(count)
        while collected.count < count {
            guard let chunk = try? input.read(upToCount: count - collected.count), !chunk.isEmpty else { return nil }
            collected.append(chunk)
        }
        return collected
    }
}
