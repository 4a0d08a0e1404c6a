import Foundation
import Glibc

/// The demo cluster's child process (`kafka-pulse demo-cluster`): librdkafka's mock cluster and the
/// shop's services. It runs apart from the exporter because the exporter's process never calls
/// librdkafka; it stops when its stdin closes.
final class DemoClusterProcess {
    private let process: Process
    private let stdin: Pipe
    let bootstrapServers: String
    let groups: [String]

    init(executable: URL, logArguments: [String]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["demo-cluster"] + logArguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        // As for the worker: a crash reporter must not outlive the child holding its pipes.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        try process.run()
        self.process = process
        self.stdin = stdin

        var bootstrap: String?
        var groups: [String] = []
        var pending = Data()
        let reader = stdout.fileHandleForReading
        while bootstrap == nil || groups.isEmpty {
            // availableData returns what one read() got; read(upToCount:) would wait for the full count.
            let chunk = reader.availableData
            guard !chunk.isEmpty else {
                throw StartupError("the demo cluster did not start (see its log lines above)")
            }
            pending.append(chunk)
            for line in String(decoding: pending, as: UTF8.self).split(separator: "\n") {
                if line.hasPrefix("BOOTSTRAP ") { bootstrap = String(line.dropFirst("BOOTSTRAP ".count)) }
                if line.hasPrefix("GROUPS ") { groups = line.dropFirst("GROUPS ".count).split(separator: ",").map(String.init) }
            }
        }
        self.bootstrapServers = bootstrap ?? ""
        self.groups = groups
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
