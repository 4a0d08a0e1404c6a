public import Logging
public import PulseCore
import Synchronization

/// Takes samples through one librdkafka admin client. Runs inside the sampling worker process only.
public final class KafkaClusterReader: ClusterReader {
    private let client: AdminClient
    private let configuration: KafkaSourceConfiguration
    private let logger: Logger
    /// Topics whose config this worker has read: any other topic in the metadata is new and gets
    /// its config in the same sample, not at the next refresh.
    private let topicsWithConfigs = Mutex<Set<String>>([])
    /// The scope's name patterns, compiled once. Regex is not Sendable: the mutex keeps every use
    /// of them inside one lock.
    private let nameFilters: Mutex<(topics: NameFilter, groups: NameFilter)>
    /// `--shard.group`: the consumer whose assignment decides each sample's shard.
    private let membership: ShardMembership?
    /// Which groups share a coordinator, from the last describe: their offsets are read together.
    private let batches = Mutex(OffsetFetchBatches())

    public init(configuration: KafkaSourceConfiguration, logger: Logger) throws {
        self.client = try AdminClient(configuration: configuration, logger: logger)
        self.configuration = configuration
        nameFilters = Mutex((try configuration.scope.topicFilter(), try configuration.scope.groupFilter()))
        membership = try configuration.scope.shardGroup.map { group throws(KafkaReadError) in
            try ShardMembership(configuration: configuration, group: group, logger: logger)
        }
        self.logger = logger
    }

    public func read(_ request: SampleRequest) async throws -> RawSample {
        let client = self.client
        var phases = PhaseRecorder(
            deadline: ContinuousClock.now + request.timing.workerBudget, requestTimeout: request.timing.requestTimeout)
        client.serveMainQueue()
        _ = client.takeRequestCounts()

        let fullMetadata = await phases.run(.metadata) { timeout throws(KafkaReadError) in try await client.metadata(timeout: timeout) }
        guard var metadata = fullMetadata else {
            return RawSample(metadata: nil, phases: phases.reports, requests: client.takeRequestCounts())
        }
        client.context.kafkaAnswered()
        var scope = configuration.scope
        let allTopics = metadata.topics
        if let membership {
            // The assignment in effect now; a shard moved away is left out from this sample on.
            let offsetsTopic = allTopics.first { $0.name == ShardGroup.offsetsTopic }
            scope.shard = membership.assignment(offsetsPartitions: offsetsTopic?.partitions.count)
        }
        metadata.topics = nameFilters.withLock { filters in allTopics.filter { scope.allowsTopic($0, filter: filters.topics) } }
        // A replica without the cluster-wide families asks nothing about the cluster as a whole.
        let clusterWide = scope.shard.exportsClusterWide
        // librdkafka's mock cluster has no controller, so DescribeCluster would only time out there.
        if clusterWide && !configuration.mockClusterCompatible {
            await describeCluster(into: &metadata, phases: &phases)
        }
        var configs = ReadTopicConfigs()
        if clusterWide {
            configs = await readTopicConfigs(of: metadata, request: request, phases: &phases)
        }

        let (groups, fetchedOffsets) = await readGroups(scope: scope, metadata: metadata, &phases)
        let inScope = Set(metadata.topics.map(\.name))
        let groupOffsets = fetchedOffsets.map { offsets in
            var offsets = offsets
            offsets.committed = offsets.committed.filter { inScope.contains($0.key.topic) }
            return offsets
        }
        if !clusterWide {
            // Its groups' partitions only: end offsets and configs for the rest would be read for nothing.
            metadata = metadata.consumed(by: groupOffsets)
            configs = await readTopicConfigs(of: metadata, request: request, phases: &phases)
        }

        // End offsets strictly after committed offsets: a commit racing the sample can only make lag larger.
        let partitions = metadata.topics.flatMap { topic in
            topic.partitions.map { TopicPartition(topic: topic.name, partition: $0.partition) }
        }
        // Start and last stable offsets are read alongside: a leader that does not answer then
        // costs one timeout, not three. Each is one ListOffsets request per leader broker.
        let specs: [(SamplePhase, OffsetSpec)] = [(.endOffsets, .latest), (.startOffsets, .earliest), (.stableOffsets, .lastStable)]
        let listed = await phases.runConcurrently(
            specs.map { phase, spec in
                let body: @Sendable (Duration) async throws(KafkaReadError) -> ListedOffsets = { timeout throws(KafkaReadError) in
                    try await client.listOffsetsFollowingLeaders(partitions, spec: spec, timeout: timeout)
                }
                return (phase, body)
            },
            partial: { $0.partialError(expected: partitions) })
        let (latest, earliest, stable) = (listed[0], listed[1], listed[2])
        let offsets = partitions.map { partition in
            PartitionOffsets(
                topicPartition: partition, earliest: earliest?.offsets[partition] ?? nil, latest: latest?.offsets[partition] ?? nil,
                stable: stable?.offsets[partition] ?? nil)
        }
        client.serveMainQueue()
        return RawSample(
            metadata: metadata, offsets: offsets, groups: groups, groupOffsets: groupOffsets, topicConfigs: configs.all,
            newTopicConfigs: configs.new,
            phases: phases.reports, requests: client.takeRequestCounts(), shard: scope.shard)
    }

    /// Configs of every topic at a refresh, else of the topics this worker has not read yet.
    private func readTopicConfigs(of metadata: ClusterMetadata, request: SampleRequest, phases: inout PhaseRecorder) async -> ReadTopicConfigs {
        var read = ReadTopicConfigs()
        guard !configuration.mockClusterCompatible else { return read }
        // Only listed topics are remembered: names that come and go must not pile up.
        let listed = Set(metadata.topics.map(\.name))
        let known = topicsWithConfigs.withLock { known in
            known.formIntersection(listed)
            return known
        }
        let topics = metadata.topics.map(\.name).filter { request.readTopicConfigs || !known.contains($0) }
        guard !topics.isEmpty else { return read }
        let client = self.client
        let described = await phases.run(.topicConfigs, partial: \.firstError) { timeout throws(KafkaReadError) in
            try await client.topicConfigs(topics, timeout: timeout)
        }
        if let configs = described?.configs {
            if request.readTopicConfigs { read.all = configs } else { read.new = configs }
            // Topics that failed are asked again next sample.
            topicsWithConfigs.withLock { $0.formUnion(configs.keys) }
        }
        return read
    }

    /// Racks, and a second answer to "which broker is the controller" (see ControllerView).
    private func describeCluster(into metadata: inout ClusterMetadata, phases: inout PhaseRecorder) async {
        let client = self.client
        guard let described = await phases.run(.cluster, { timeout throws(KafkaReadError) in try await client.describeCluster(timeout: timeout) })
        else { return }
        metadata.describedControllerID = described.controllerID
        metadata.brokers = metadata.brokers.map { broker in
            var broker = broker
            broker.rack = described.racks[broker.id] ?? nil
            return broker
        }
    }

    /// The groups to sample and their committed offsets. The groups are listed (unless an explicit
    /// list is configured) and filtered by name and state; then they are described (unless the
    /// cluster is librdkafka's mock, whose DescribeConsumerGroups can wedge the handle) while their
    /// offsets are read, since neither needs the other: one round of coordinator requests instead
    /// of two in a row.
    private func readGroups(
        scope: SampleScope, metadata: ClusterMetadata, _ phases: inout PhaseRecorder
    ) async -> (groups: [ConsumerGroup], offsets: [GroupOffsets]) {
        let client = self.client
        var groups: [ConsumerGroup]
        if configuration.explicitGroups.isEmpty {
            let listing = await phases.run(.groupList, partial: \.firstError) { timeout throws(KafkaReadError) in
                try await client.listGroups(timeout: timeout)
            }
            groups = listing?.groups ?? []
        } else {
            groups = configuration.explicitGroups.map { ConsumerGroup(id: $0, state: .unknown) }
        }
        let excludedStates = scope.excludedGroupStates
        let candidates = groups
        groups = nameFilters.withLock { filters in
            candidates.filter { scope.allowsGroup($0.id, filter: filters.groups) && !excludedStates.contains($0.state) }
        }
        guard !groups.isEmpty else { return ([], []) }
        let ids = groups.map(\.id)
        let offsetsPhase = groupOffsetsPhase(ids, metadata: metadata)
        guard !configuration.mockClusterCompatible else {
            return (groups, await phases.run(.groupOffsets, partial: offsetsPhase.partial, offsetsPhase.body) ?? [])
        }
        let describePhase = ConcurrentPhase<GroupListing>(phase: .groupDescribe, partial: { $0.firstError }) { timeout throws(KafkaReadError) in
            try await client.describeGroupsFollowingCoordinators(ids, timeout: timeout)
        }
        let (described, offsets) = await phases.runBoth(describePhase, offsetsPhase)
        guard let described else { return (groups, offsets ?? []) }
        batches.withLock { $0.learnCoordinators(from: described.groups) }
        let byID = Dictionary(described.groups.map { ($0.id, $0) }) { first, _ in first }
        // A listed state can be stale by the time of the describe: filter on the described one too.
        // librdkafka describes classic groups through DescribeGroups, which has no type: the listing has it.
        groups = groups.map { listed in
            guard var group = byID[listed.id] else { return listed }
            group.type = group.type ?? listed.type
            return group
        }.filter { !excludedStates.contains($0.state) }
        let kept = Set(groups.map(\.id))
        return (groups, (offsets ?? []).filter { kept.contains($0.group) })
    }

    /// Reads the committed offsets of every group, at most `groupOffsetConcurrency` calls in flight.
    /// Groups whose coordinator the last describe named are read together, up to
    /// `OffsetFetchBatches.groupsPerRequest` per OffsetFetch; a group the batch could not answer
    /// (its coordinator moved, say) is read on its own, following its coordinator.
    private func groupOffsetsPhase(_ ids: [String], metadata: ClusterMetadata) -> ConcurrentPhase<[GroupOffsets]> {
        let explicitPartitions: [TopicPartition]? =
            configuration.mockClusterCompatible
            ? metadata.topics.filter { !$0.isInternal }.flatMap { topic in
                topic.partitions.map { TopicPartition(topic: topic.name, partition: $0.partition) }
            } : nil
        let width = max(1, configuration.groupOffsetConcurrency)
        let client = self.client
        let jobs: [OffsetFetchJob] =
            explicitPartitions == nil
            ? batches.withLock { $0.jobs(for: ids) } : ids.map { .group($0) }
        let logger = self.logger
        return ConcurrentPhase(phase: .groupOffsets, partial: { $0.firstGroupError }) { timeout in
            await withTaskGroup(of: (offsets: [GroupOffsets], retry: [String]).self) { group in
                var pending = jobs[...]
                var collected: [GroupOffsets] = []
                collected.reserveCapacity(ids.count)
                func startNext(_ group: inout TaskGroup<(offsets: [GroupOffsets], retry: [String])>) {
                    guard let job = pending.popFirst() else { return }
                    group.addTask {
                        switch job {
                        case .group(let id):
                            return ([await client.committedOffsetsFollowingCoordinator(
                                group: id, partitions: explicitPartitions, timeout: timeout)], [])
                        case .batch(let batch):
                            do throws(KafkaReadError) {
                                let answered = try await client.committedOffsets(groups: batch, timeout: timeout)
                                return (answered.filter { $0.error == nil }, answered.filter { $0.error != nil }.map(\.group))
                            } catch {
                                // No second wait on a coordinator that did not answer in time.
                                if error.code == .timedOut {
                                    return (batch.map { GroupOffsets(group: $0, committed: [:], error: error.message) }, [])
                                }
                                if self.batches.withLock({ $0.refused(error) }) {
                                    logger.info("several groups per OffsetFetch refused (brokers before Kafka 3.0, or a librdkafka without patch 0010): one request per group from now on",
                                                metadata: ["pulse.error": "\(error.message)"])
                                }
                                return ([], batch)
                            }
                        }
                    }
                }
                for _ in 0..<width { startNext(&group) }
                while let finished = await group.next() {
                    collected += finished.offsets
                    pending.append(contentsOf: finished.retry.map { .group($0) })
                    startNext(&group)
                }
                return collected
            }
        }
    }
}

/// What one sample read of topic configs: all of them (a refresh) or only new topics'.
private struct ReadTopicConfigs {
    var all: [String: TopicConfig]?
    var new: [String: TopicConfig] = [:]
}

extension ListedOffsets {
    /// Why the phase is partly failed: a partition answered with an error, or came back without a
    /// usable offset (librdkafka's -1001 with no error when the leader did not answer in time).
    func partialError(expected: [TopicPartition]) -> String? {
        if let first = partitionErrors.min(by: { $0.key < $1.key }) {
            return "\(partitionErrors.count) partitions failed, first \(first.key.topic)/\(first.key.partition): \(first.value)"
        }
        let unknown = expected.filter { (offsets[$0] ?? nil) == nil }
        guard let first = unknown.first else { return nil }
        return "\(unknown.count) partitions without an offset (leader did not answer), first \(first.topic)/\(first.partition)"
    }
}

extension GroupListing {
    var firstError: String? { errors.first }
}

extension Array where Element == GroupOffsets {
    var firstGroupError: String? { first { $0.error != nil }.map { "\($0.group): \($0.error ?? "")" } }
}
