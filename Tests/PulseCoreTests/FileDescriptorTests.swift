import Glibc
import PulseCore
import Testing

/// The read(2)/write(2) wrapper the worker uses instead of Foundation's FileHandle, over real pipes.
@Suite("File descriptor")
struct FileDescriptorTests {
    @Test("a write larger than the pipe's buffer arrives whole, in order, until end-of-file")
    func largeWriteArrivesWhole() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let reader = FileDescriptor(rawValue: ends[0])
        let writer = FileDescriptor(rawValue: ends[1])
        defer { close(reader.rawValue) }
        // 1 MB against a 64 KB pipe: write(2) takes it in pieces while the other end reads.
        let payload = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        startDetachedThread(named: "test-writer") {
            try? writer.writeAll(payload)
            close(writer.rawValue)
        }
        var received: [UInt8] = []
        while true {
            let chunk = try reader.read(upTo: 10_000)
            if chunk.isEmpty { break }
            #expect(chunk.count <= 10_000)
            received += chunk
        }
        #expect(received == payload)
    }

    @Test("a write to a closed descriptor throws with its errno")
    func badDescriptorThrows() {
        #expect(throws: FileDescriptorError.self) { try FileDescriptor(rawValue: -1).writeAll([1, 2, 3]) }
        do throws(FileDescriptorError) {
            _ = try FileDescriptor(rawValue: -1).read(upTo: 1)
            Issue.record("expected the read to throw")
        } catch {
            #expect(error.code == EBADF)
        }
    }

    @Test("an empty write writes nothing and succeeds")
    func emptyWriteSucceeds() throws {
        try FileDescriptor(rawValue: -1).writeAll([])
    }

    @Test("sleepThread blocks the thread for at least the duration")
    func sleepLastsTheDuration() {
        let clock = ContinuousClock()
        let elapsed = clock.measure { sleepThread(for: .milliseconds(30)) }
        #expect(elapsed >= .milliseconds(30))
    }
}
