public import Foundation
import Glibc
public import Logging
public import PulseCore
import PulseWorkerProtocol

/// The exporter's side of the process boundary: reads samples through a worker child process and
/// contains its failures. A crash, abort or hang of the worker (librdkafka has open crash bugs in
/// its admin API) costs one sample: the worker is killed, restarted with backoff on the next
/// sample, and the failure is reported as data.
public actor SupervisedWorker: ClusterReader {
    public struct Options: Sendable {
        /// The worker executable (`kafka-pulse-worker`) and the arguments that select its sampling mode.
        public var executable: URL
        public var arguments: [String]
        public var configuration: KafkaSourceConfiguration
        /// A fresh worker every N samples bounds librdkafka's per-topic caches and any slow leak.
        public var recycleAfterSamples: Int
        public var startTimeout: Duration

        public init(
            executable: URL, arguments: [String], configuration: KafkaSourceConfiguration, recycleAfterSamples: Int = 360,
            startTimeout: Duration = .seconds(10)
        ) {
            self.executable = executable
            self.arguments = arguments
            self.configuration = configuration
            self.recycleAfterSamples = recycleAfterSamples
            self.startTimeout = startTimeout
        }
    }

    private let options: Options
    let logger: Logger
    private var worker: WorkerProcess?
    private var samplesByWorker = 0
    private var backoff = RestartBackoff()
    private var lastEndedInFailure = false
    /// The credential files as the running worker read them; a change replaces the worker.
    private var credentialFiles = FileFingerprints(paths: [])
    /// Worker starts that followed a failed worker (crash, hang, protocol error); recycling is not counted.
    public private(set) var restartsAfterFailure = 0
    public private(set) var librdkafkaVersion: String?

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
        // Writing to a worker that just died must fail the write, not kill this process.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Starts the worker and waits until it has built its Kafka client. A fatal answer (librdkafka
    /// rejected a property) is thrown with librdkafka's own text, so the exporter can refuse to start.
    public func start() async throws(WorkerFailure) {
        _ = try await runningWorker(before: ContinuousClock.now + options.startTimeout)
    }

    public func read(_ request: SampleRequest) async throws -> RawSample {
        let sampleTime = request.timing.deadline
        var deadline = ContinuousClock.now + sampleTime
        replaceWorkerIfCredentialsChanged()
        let needsStart = worker?.isRunning != true
        // Backing off longer than this sample may last: skip it without counting a new failure,
        // or each skip pushes the restart further out and no worker is ever started again.
        if needsStart {
            let wait = backoff.wait(at: .now)
            if wait > .zero, ContinuousClock.now + wait >= deadline {
                throw WorkerFailure(.restartBackoff, "worker restart backing off for \(wait)")
            }
        }
        do {
            // Starting a worker (process, client, first connection) has its own time limit and does
            // not eat into the sample's: with a short interval on a busy machine, a fresh worker
            // would otherwise miss every first deadline, be killed, and never sample again.
            let worker = try await runningWorker(before: needsStart ? ContinuousClock.now + options.startTimeout : deadline)
            if needsStart { deadline = ContinuousClock.now + sampleTime }
            try worker.send(.sample(request))
            let reply = try await worker.receive(before: deadline)
            guard case .sample(let sample) = reply else { throw WorkerFailure(.protocolError, "expected a sample, got \(reply)") }
            backoff.recordSuccess()
            samplesByWorker += 1
            if sample.endOffsetsWhollyMissing {
                // A fresh worker costs a process start; a wedged librdkafka handle would cost every
                // sample until the next planned recycle.
                logger.warning(
                    "no end offset could be read although the metadata answered: replacing the sampling worker",
                    metadata: ["pulse.worker.samples": "\(samplesByWorker)"])
                retire(afterFailure: false)
            } else if samplesByWorker >= options.recycleAfterSamples {
                logger.debug("recycling sampling worker", metadata: ["pulse.worker.samples": "\(samplesByWorker)"])
                retire(afterFailure: false)
            }
            return sample
        } catch {
            if Task.isCancelled {
                // Shutdown cut the sample short: nothing failed, and the next start begins afresh.
                retire(afterFailure: false)
                logger.info("shutdown: sample in progress abandoned, sampling worker killed", metadata: ["pulse.error": "\(error)"])
                throw error
            }
            retire(afterFailure: true)
            backoff.recordFailure(at: .now)
            logger.warning("sample failed in the worker", metadata: ["pulse.error": "\(error)"])
            throw error
        }
    }

    /// librdkafka reads secrets, certificates and keys only when a client is built: a rotated file
    /// (a fixed password, a renewed certificate) needs a fresh worker, not an exporter restart.
    private func replaceWorkerIfCredentialsChanged() {
        guard worker?.isRunning == true else { return }
        let changed = credentialFiles.changedPaths()
        guard !changed.isEmpty else { return }
        logger.info(
            "credential file changed: replacing the sampling worker to read it",
            metadata: ["pulse.files": "\(changed.joined(separator: ","))"])
        retire(afterFailure: false)
    }

    /// How long a retired `--shard.group` worker may take to leave its consumer group.
    static let leaveGroupGrace = Duration.seconds(3)

    /// Kills the worker (a `--shard.group` worker first leaves its consumer group).
    public func stop() {
        retire(afterFailure: false)
    }

    private func runningWorker(before deadline: ContinuousClock.Instant) async throws(WorkerFailure) -> WorkerProcess {
        if let worker, worker.isRunning { return worker }
        if worker != nil { retire(afterFailure: true) }
        let wait = backoff.wait(at: .now)
        if wait > .zero {
            guard ContinuousClock.now + wait < deadline else {
                throw WorkerFailure(.restartBackoff, "worker restart backing off for \(wait)")
            }
            try? await Task.sleep(for: wait)
        }
        let started: WorkerProcess
        do {
            started = try WorkerProcess(executable: options.executable, arguments: options.arguments)
        } catch {
            throw WorkerFailure(.protocolError, "cannot start worker \(options.executable.path): \(error)")
        }
        worker = started
        samplesByWorker = 0
        // Taken before the worker reads the files, so a change while it starts is seen next sample.
        credentialFiles = FileFingerprints(paths: options.configuration.credentialFiles)
        if lastEndedInFailure { restartsAfterFailure += 1 }
        lastEndedInFailure = false
        try started.send(.configure(options.configuration))
        switch try await started.receive(before: deadline) {
        case .ready(let version):
            librdkafkaVersion = version
            logger.debug("sampling worker ready", metadata: ["pulse.worker.pid": "\(started.processIdentifier)"])
            return started
        case .fatal(let message):
            throw WorkerFailure(.protocolError, message)
        case .sample:
            throw WorkerFailure(.protocolError, "worker sent a sample before it was ready")
        }
    }

    private func retire(afterFailure: Bool) {
        if options.configuration.scope.shardGroup != nil && !afterFailure {
            // A healthy group-mode worker gets to say LeaveGroup (shutdown, recycling).
            worker?.close(grace: Self.leaveGroupGrace)
        } else {
            worker?.kill()
        }
        worker = nil
        if afterFailure { lastEndedInFailure = true }
    }
}
