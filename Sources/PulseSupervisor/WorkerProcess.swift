import Dispatch
import Foundation
import PulseCore
import PulseWorkerProtocol
import Synchronization

/// One running sampling worker: a child process (`kafka-pulse-worker sample`), spoken to over its
/// stdin and stdout.
///
/// All methods are called by one task at a time (the supervisor serialises samples).
final class WorkerProcess: Sendable {
    /// Foundation's Process is not Sendable; the mutex makes every use of it exclusive.
    private let process: Mutex<Process>
    /// Set once the worker is killed: a read still waiting on its pipe gives up.
    private let killed = Mutex(false)
    private let channel: FrameChannel
    /// The exporter's ends of the two pipes, which the channel uses by descriptor: held here so that
    /// they stay open, and `toWorker` is closed on kill. The worker's ends are not kept, so its
    /// death gives end-of-file.
    private let toWorker: FileHandle
    private let fromWorker: FileHandle
    let processIdentifier: Int32

    init(executable: URL, arguments: [String]) throws {
        let toWorker = Pipe()
        let fromWorker = Pipe()
        let process = try ChildProcess.launch(executable, arguments: arguments, stdin: toWorker, stdout: fromWorker)
        self.processIdentifier = process.processIdentifier
        self.process = Mutex(process)
        self.toWorker = toWorker.fileHandleForWriting
        self.fromWorker = fromWorker.fileHandleForReading
        self.channel = FrameChannel(
            input: FileDescriptor(rawValue: self.fromWorker.fileDescriptor),
            output: FileDescriptor(rawValue: self.toWorker.fileDescriptor))
    }

    func send(_ command: WorkerCommand) throws(WorkerFailure) {
        // kill() closed the descriptor; its number may already belong to another file or socket.
        guard !killed.withLock({ $0 }) else { throw WorkerFailure(.crashed, "worker \(processIdentifier) was killed") }
        do {
            try channel.write(command)
        } catch {
            throw WorkerFailure(.crashed, "cannot write to worker: \(error)")
        }
    }

    /// Waits for the next reply until `deadline`; past it, the worker is killed and the wait ends.
    func receive(before deadline: ContinuousClock.Instant) async throws(WorkerFailure) -> WorkerReply {
        let channel = self.channel
        let outcome = await withTaskGroup(of: FrameChannel.ReadResult?.self) { group in
            group.addTask { [self] in
                await runBlocking { [self] in channel.read(abandoned: { [self] in killed.withLock { $0 } }) }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil {
                // Deadline or cancellation: killing the worker ends the blocked read with end-of-file.
                kill()
                _ = await group.next()
            }
            group.cancelAll()
            return first
        }
        switch outcome {
        case nil where Task.isCancelled:
            throw WorkerFailure(.timedOut, "cancelled before the worker answered; worker \(processIdentifier) killed")
        case nil:
            throw WorkerFailure(.timedOut, "no answer before the sample deadline; worker \(processIdentifier) killed")
        case .endOfFile:
            throw WorkerFailure(.crashed, "worker \(processIdentifier) ended: \(exitDescription())")
        case .corrupt(let reason):
            kill()
            throw WorkerFailure(.protocolError, reason)
        case .frame(let data):
            do {
                return try FrameChannel.decode(WorkerReply.self, from: data)
            } catch {
                kill()
                throw WorkerFailure(.protocolError, "undecodable reply: \(error)")
            }
        }
    }

    /// SIGKILL: the worker holds nothing worth a graceful exit, and librdkafka's destroy can block.
    func kill() {
        killed.withLock { $0 = true }
        if isRunning { Glibc.kill(processIdentifier, SIGKILL) }
        try? toWorker.close()
    }

    /// Ends the worker by closing its stdin, as when this process dies: a `--shard.group` worker then
    /// leaves its consumer group, so its shards move at once instead of after the session timeout.
    /// SIGKILL after `grace` if it has not ended by then.
    func close(grace: Duration) {
        killed.withLock { $0 = true }
        try? toWorker.close()
        let seconds = grace.inSeconds
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            if isRunning { Glibc.kill(processIdentifier, SIGKILL) }
        }
    }

    /// How the worker ended, waiting briefly for the kernel to report it.
    private func exitDescription() -> String {
        for _ in 0..<50 where isRunning { usleep(10_000) }
        return process.withLock { process in
            guard !process.isRunning else { return "closed its output" }
            switch process.terminationReason {
            case .uncaughtSignal: return "killed by signal \(process.terminationStatus)"
            case .exit: return "exit status \(process.terminationStatus)"
            @unknown default: return "status \(process.terminationStatus)"
            }
        }
    }

    var isRunning: Bool { process.withLock { $0.isRunning } }
}
