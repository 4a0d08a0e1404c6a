import Foundation
import Glibc
import Logging
import PulseSupervisor
import ServiceLifecycle
import Synchronization

/// The demo cluster's child process (`kafka-pulse-worker demo-cluster`): librdkafka's mock cluster
/// and the shop's services. It runs apart from the exporter because the exporter's process never
/// calls librdkafka; it stops when its stdin closes.
///
/// Launched while the services are assembled (the worker's configuration needs its address); as a
/// Service it lives until the group shuts it down, after the worker that reads it.
final class DemoClusterProcess: Service, Sendable {
    /// Foundation's Process is not Sendable; the mutex makes every use of it exclusive.
    private let process: Mutex<Process>
    private let stdin: FileHandle
    private let logger: Logger
    let bootstrapServers: String
    let groups: [String]
    /// What the demo will show and when (`DemoShop.guide`, from the script the child runs), for the banner.
    let guide: [String]

    init(executable: URL, logArguments: [String], logger: Logger) throws {
        let stdin = Pipe()
        let stdout = Pipe()
        let process = try ChildProcess.launch(executable, arguments: ["demo-cluster"] + logArguments, stdin: stdin, stdout: stdout)
        self.process = Mutex(process)
        self.stdin = stdin.fileHandleForWriting
        self.logger = logger

        // The child writes its announcement, then closes its stdout: read to end-of-file.
        var announcement = Data()
        let reader = stdout.fileHandleForReading
        while true {
            // availableData returns what one read() got; read(upToCount:) would wait for the full count.
            let chunk = reader.availableData
            guard !chunk.isEmpty else { break }
            announcement.append(chunk)
        }
        var bootstrap: String?
        var groups: [String] = []
        var guide: [String] = []
        for line in String(decoding: announcement, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("BOOTSTRAP ") { bootstrap = String(line.dropFirst("BOOTSTRAP ".count)) }
            if line.hasPrefix("GROUPS ") { groups = line.dropFirst("GROUPS ".count).split(separator: ",").map(String.init) }
            if line.hasPrefix("GUIDE ") { guide.append(String(line.dropFirst("GUIDE ".count))) }
        }
        guard let bootstrap, !groups.isEmpty else {
            throw StartupError("the demo cluster did not start (see its log lines above)")
        }
        self.bootstrapServers = bootstrap
        self.groups = groups
        self.guide = guide
    }

    /// Waits for the group's shutdown (or cancellation), then stops the cluster.
    func run() async throws {
        try? await gracefulShutdown()
        stop()
        logger.info("demo cluster stopped")
    }

    /// Closing stdin asks the child to exit; it gets two seconds before SIGKILL.
    func stop() {
        try? stdin.close()
        process.withLock { process in
            for _ in 0..<100 where process.isRunning { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }
}
