import Foundation
import Testing
@testable import kafka_pulse

/// The exporter starts `kafka-pulse-worker` from `--worker.executable` or from beside itself, and
/// refuses to start with one line naming the path and the flag when there is none to start.
@Suite("Worker executable")
struct WorkerExecutableTests {
    /// A fresh directory standing in for the exporter's install directory.
    private static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kp-worker-exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    private static func file(_ name: String, in directory: URL, mode: Int) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data("#!/bin/sh\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url
    }

    @Test("without the flag, the kafka-pulse-worker beside the exporter's own executable")
    func siblingByDefault() throws {
        let directory = try Self.directory()
        let worker = try Self.file("kafka-pulse-worker", in: directory, mode: 0o755)
        let resolved = try WorkerExecutable.resolve(flag: nil, ownExecutable: directory.appendingPathComponent("kafka-pulse").path)
        #expect(resolved.path == worker.path)
    }

    @Test("--worker.executable wins over the sibling")
    func flagWins() throws {
        let directory = try Self.directory()
        _ = try Self.file("kafka-pulse-worker", in: directory, mode: 0o755)
        let elsewhere = try Self.file("my-worker", in: try Self.directory(), mode: 0o755)
        let resolved = try WorkerExecutable.resolve(flag: elsewhere.path, ownExecutable: directory.appendingPathComponent("kafka-pulse").path)
        #expect(resolved.path == elsewhere.path)
    }

    @Test("no sibling: one line naming the path it looked at and the flag")
    func missingSibling() throws {
        let directory = try Self.directory()
        let error = #expect(throws: StartupError.self) {
            try WorkerExecutable.resolve(flag: nil, ownExecutable: directory.appendingPathComponent("kafka-pulse").path)
        }
        let message = try #require(error?.message)
        #expect(message.contains(directory.appendingPathComponent("kafka-pulse-worker").path))
        #expect(message.contains("--worker.executable"))
        #expect(!message.contains("\n"))
    }

    @Test("a flag naming a missing file, a file without the x bit or a directory is refused", arguments: ["missing", "plain", "directory"])
    func badFlag(_ kind: String) throws {
        let directory = try Self.directory()
        let path: String
        switch kind {
        case "plain": path = try Self.file("kafka-pulse-worker", in: directory, mode: 0o644).path
        case "directory": path = directory.path
        default: path = directory.appendingPathComponent("nothing-here").path
        }
        let error = #expect(throws: StartupError.self) {
            try WorkerExecutable.resolve(flag: path, ownExecutable: directory.appendingPathComponent("kafka-pulse").path)
        }
        let message = try #require(error?.message)
        #expect(message.hasPrefix("--worker.executable \(path):"))
        #expect(!message.contains("\n"))
    }

    @Test("the flag is also KAFKA_PULSE_WORKER_EXECUTABLE and the config key worker.executable")
    func environmentAndFile() throws {
        // Real executables: the flag's path is checked while the command line is validated.
        let fromEnvironment = try CommandLineHarness.parse([], environment: ["KAFKA_PULSE_WORKER_EXECUTABLE": "/bin/sh"])
        #expect(fromEnvironment.workerExecutable == "/bin/sh")
        let file = try CommandLineHarness.file("worker.executable: /bin/true\n")
        #expect(try CommandLineHarness.parse(["--config.file", file]).workerExecutable == "/bin/true")
        #expect(try CommandLineHarness.parse([]).workerExecutable == nil)
    }
}
