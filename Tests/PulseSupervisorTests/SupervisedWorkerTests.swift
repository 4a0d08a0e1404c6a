import Foundation
import Logging
import PulseCore
import PulseSupervisor
import PulseWorkerProtocol
import Testing

/// The supervisor against real child processes that are not workers: one that hangs, one that exits
/// at once, and one that does not exist. Each must end in a `WorkerFailure` of the right kind, and
/// `stop()` must return afterwards. The time limit turns a hang into a failure instead of a stuck run.
@Suite("Supervised worker", .timeLimit(.minutes(1)))
struct SupervisedWorkerTests {
    init() {
        // The exporter ignores SIGPIPE at startup (Entry.swift); the test process must too, or writing
        // the configuration to a worker that already exited would kill the test runner.
        signal(SIGPIPE, SIG_IGN)
    }

    @Test("a worker that never answers is killed at the start deadline and reported as timed out")
    func hangingWorkerTimesOut() async throws {
        let worker = Self.worker(executable: "/bin/sleep", arguments: ["30"], startTimeout: .milliseconds(300))
        let failure = await #expect(throws: WorkerFailure.self) { try await worker.start() }
        #expect(failure?.kind == .timedOut)
        // The killed worker may take a moment to turn into a zombie after closing its output.
        var survivors = Self.liveChildren(named: "sleep")
        for _ in 0..<100 where !survivors.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            survivors = Self.liveChildren(named: "sleep")
        }
        #expect(survivors.isEmpty, "worker processes still running: \(survivors)")
        await worker.stop()
    }

    @Test("a worker that exits before answering is reported as crashed")
    func exitingWorkerCrashed() async throws {
        let worker = Self.worker(executable: "/bin/true", arguments: [])
        let failure = await #expect(throws: WorkerFailure.self) { try await worker.start() }
        #expect(failure?.kind == .crashed)
        await worker.stop()
    }

    @Test("a worker that cannot be started is reported as a protocol error")
    func missingExecutableIsProtocolError() async throws {
        let worker = Self.worker(executable: "/nonexistent/binary", arguments: [])
        let failure = await #expect(throws: WorkerFailure.self) { try await worker.start() }
        #expect(failure?.kind == .protocolError)
        #expect(failure?.detail.contains("/nonexistent/binary") == true)
        await worker.stop()
    }

    @Test("a worker that is slow to start still gets the whole sample deadline for its first sample")
    func slowStartDoesNotEatTheSampleDeadline() async throws {
        // A stand-in worker that takes longer to become ready than a sample may last, then answers:
        // its replies are written ahead into a file, frames exactly as a real worker writes them.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-slow-worker-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let replies = directory.appendingPathComponent("replies")
        try (Self.frame(WorkerReply.ready(librdkafkaVersion: "test")) + Self.frame(WorkerReply.sample(RawSample(metadata: nil))))
            .write(to: replies)
        let worker = Self.worker(executable: "/bin/sh", arguments: ["-c", "sleep 0.6; cat '\(replies.path)'; sleep 30"])

        let sample = try await worker.read(SampleRequest(timing: SampleTiming(interval: .milliseconds(330), requestTimeout: .seconds(5))))
        #expect(sample.metadata == nil)
        await worker.stop()
    }

    private static func frame(_ reply: WorkerReply) throws -> Data {
        let payload = try CompactFrame.encode(reply)
        return Data([24, 16, 8, 0].map { UInt8(truncatingIfNeeded: payload.count >> $0) } + payload)
    }

    /// The tests that do not hang get a generous start timeout, so that a loaded machine cannot turn
    /// their failure into a timeout.
    private static func worker(
        executable: String, arguments: [String], startTimeout: Duration = .seconds(30)
    ) -> SupervisedWorker {
        SupervisedWorker(
            options: .init(
                executable: URL(fileURLWithPath: executable), arguments: arguments,
                configuration: KafkaSourceConfiguration(bootstrapServers: ["localhost:9092"]),
                startTimeout: startTimeout),
            logger: Logger(label: "pulse.test.worker") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Children of this test process named `name` that are still running (zombies excluded).
    private static func liveChildren(named name: String) -> [Int32] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            // /proc/<pid>/stat: "pid (comm) state ppid …"
            let command = stat[stat.index(after: open)..<close]
            let rest = stat[stat.index(after: close)...].split(separator: " ")
            guard command == name, rest.count > 1, rest[0] != "Z", Int32(rest[1]) == me else { return nil }
            return pid
        }
    }
}
