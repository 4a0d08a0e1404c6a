import Foundation
public import Logging
public import PulseCore
public import PulseExposition
public import ServiceLifecycle

/// Samples in the background: asks the reader for a sample every interval, turns it into a
/// snapshot, renders it once, and publishes the page. Scrapes never reach this loop.
///
/// On the continuous clock: samples are real work against a real cluster, timed in real time (the
/// scheduling decisions are `SampleSchedule` and `ConfigRefresh`, tested on their own).
public struct Sampler: Service {
    public struct Options: Sendable {
        public var timing: SampleTiming
        /// Topic configs are read on this slower interval.
        public var topicConfigInterval: Duration
        public var snapshot: SnapshotOptions
        /// Added to every series on the page (`--kafka.labels`).
        public var constantLabels: ConstantLabels
        /// The families the page carries (`--metrics.include`, `--metrics.exclude`). Hooks (alerting)
        /// still see the whole snapshot: leaving a family off the page disables no rule.
        public var families: FamilySelection

        public init(
            timing: SampleTiming, topicConfigInterval: Duration = .seconds(300),
            snapshot: SnapshotOptions = SnapshotOptions(), constantLabels: ConstantLabels = ConstantLabels(),
            families: FamilySelection = .all
        ) {
            self.timing = timing
            self.topicConfigInterval = topicConfigInterval
            self.snapshot = snapshot
            self.constantLabels = constantLabels
            self.families = families
        }
    }

    private let reader: any ClusterReader
    private let store: SnapshotStore
    private let build: BuildInfo
    private let options: Options
    private let restartsSoFar: @Sendable () async -> Int
    private let logger: Logger
    private let hooks: [any SnapshotHook]

    public init(
        reader: any ClusterReader, store: SnapshotStore, build: BuildInfo, options: Options,
        logger: Logger, restartsSoFar: @escaping @Sendable () async -> Int = { 0 }, hooks: [any SnapshotHook] = []
    ) {
        self.hooks = hooks
        self.reader = reader
        self.store = store
        self.build = build
        self.options = options
        self.restartsSoFar = restartsSoFar
        self.logger = logger
    }

    public func run() async throws {
        var builder = SnapshotBuilder(build: build, options: options.snapshot)
        var schedule = SampleSchedule(interval: options.timing.interval)
        var configRefresh = ConfigRefresh(interval: options.topicConfigInterval)
        var scratch: [UInt8] = []
        var failureLog = FailureLogGate()
        var denied = DeniedPhases()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let started = ContinuousClock.now
            // Shutdown cancels a sample in flight: the worker is killed rather than waited for.
            let readConfigs = configRefresh.isDue(at: started)
            let outcome = await cancelWhenGracefulShutdown { await sampleOnce(readTopicConfigs: readConfigs) }
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            if case .sample(let sample) = outcome, sample.topicConfigs != nil { configRefresh.recordRead(at: started) }
            let elapsed = started.duration(to: .now)
            let finishedAt = Date().timeIntervalSince1970
            var snapshot = builder.record(
                outcome, durationSeconds: elapsed.inSeconds, finishedAtUnixSeconds: finishedAt,
                workerRestartsTotal: await restartsSoFar())
            for hook in hooks { hook.willPublish(&snapshot, atUnixSeconds: finishedAt) }
            store.publish(
                RenderedPage(
                    snapshot: snapshot, generatedAt: .now, previous: store.currentPage(),
                    constantLabels: options.constantLabels, selection: options.families.limited(to: snapshot.options.shard),
                    scratch: &scratch))
            if case .sample(let sample) = outcome { logDenials(denied.update(with: sample.phases)) }
            let workerFailure: WorkerFailure? = if case .failure(let failure) = outcome { failure } else { nil }
            logSample(snapshot, workerFailure: workerFailure, elapsed: elapsed, gate: &failureLog, denied: denied)
            HeapTuning.returnFreePages()

            let next = schedule.next(afterStart: started, finishedAt: .now)
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(until: next, clock: .continuous) }
            } catch {
                break
            }
        }
    }

    private func sampleOnce(readTopicConfigs: Bool) async -> SampleOutcome {
        let request = SampleRequest(timing: options.timing, readTopicConfigs: readTopicConfigs)
        do {
            return .sample(try await reader.read(request))
        } catch let failure as WorkerFailure {
            return .failure(failure)
        } catch {
            return .failure(WorkerFailure(.protocolError, "\(error)"))
        }
    }

    private func logSample(
        _ snapshot: ClusterSnapshot, workerFailure: WorkerFailure?, elapsed: Duration, gate: inout FailureLogGate, denied: DeniedPhases
    ) {
        let failed = snapshot.health.lastPhases.filter { $0.error != nil }
        // Phases refused for a missing ACL were logged once by logDenials; repeating them is noise.
        let onlyRefusals =
            !snapshot.health.up && snapshot.health.lastSampleHadData && denied.explainsAllFailures(of: snapshot.health.lastPhases)
        // A worker that failed reported no phase at all: its failure is the reason (crash, deadline).
        let failure =
            snapshot.health.up || onlyRefusals
            ? nil : workerFailure.map { "\($0)" } ?? "\(failed.map { "\($0.phase.rawValue): \($0.error ?? "")" })"
        let failureKey = workerFailure == nil ? "pulse.failed_phases" : "pulse.worker_failure"
        var metadata: Logger.Metadata = ["pulse.duration": "\(elapsed)", "pulse.topics": "\(snapshot.topics.count)"]
        if onlyRefusals { metadata["pulse.denied_phases"] = "\(failed.map(\.phase.rawValue))" }
        switch gate.record(failure: failure) {
        case .fine:
            logger.debug(onlyRefusals ? "sample incomplete: phases denied by Kafka ACLs" : "sample done", metadata: metadata)
        case .recovered:
            logger.info(onlyRefusals ? "sample failures cleared; phases denied by Kafka ACLs remain" : "sample complete again", metadata: metadata)
        case .newFailure:
            // Repeats of this same failure are logged at debug level until something changes.
            logger.warning("sample incomplete", metadata: [failureKey: "\(failure ?? "")", "pulse.duration": "\(elapsed)"])
        case .repeatedFailure:
            logger.debug("sample incomplete", metadata: [failureKey: "\(failure ?? "")", "pulse.duration": "\(elapsed)"])
        }
    }

    /// One line per refusal that appeared or changed, naming the ACL to grant; one when it ends.
    private func logDenials(_ changes: [DeniedPhases.Change]) {
        for change in changes {
            if let denial = change.denial {
                logger.warning(
                    "Kafka denied the \(change.phase.rawValue) phase: grant \(denial.acl) to the exporter's principal",
                    metadata: [
                        "pulse.phase": "\(change.phase.rawValue)", "pulse.acl": "\(denial.acl)",
                        "pulse.error": "\(change.error ?? "")", "pulse.grant": "\(denial.grantCommand)",
                    ])
            } else {
                logger.info(
                    "Kafka allows the \(change.phase.rawValue) phase again", metadata: ["pulse.phase": "\(change.phase.rawValue)"])
            }
        }
    }
}

extension Sampler: CustomStringConvertible {
    public var description: String { "Sampler(interval: \(options.timing.interval))" }
}
