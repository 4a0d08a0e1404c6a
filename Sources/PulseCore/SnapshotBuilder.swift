/// What came back from one attempt to sample.
public enum SampleOutcome: Sendable {
    case sample(RawSample)
    case failure(WorkerFailure)
}

/// How snapshots are derived: the rate window, how much history to keep, the consumer status
/// rules, which series to export.
public struct SnapshotOptions: Hashable, Sendable {
    /// Produce and consume rates are averaged over this many seconds (default one minute).
    public var rateWindowSeconds: Double
    public var history: HistoryLimits
    public var export: ExportOptions
    public var status: StatusRules
    public var transactions: TransactionRules

    public init(
        rateWindowSeconds: Double = 60, history: HistoryLimits = HistoryLimits(), export: ExportOptions = ExportOptions(),
        status: StatusRules = StatusRules(), transactions: TransactionRules = TransactionRules()
    ) {
        self.rateWindowSeconds = rateWindowSeconds
        self.history = history
        self.export = export
        self.status = status
        self.transactions = transactions
    }
}

/// Turns sample outcomes into snapshots: joins offsets to the layout, computes lag and rates from
/// its own offset history, carries topic configs between their refreshes, and keeps the exporter's
/// cumulative health counters.
///
/// When an outcome carries no cluster data (the worker failed, or even the metadata request did),
/// the previous snapshot's data is kept and only the health changes: Prometheus keeps seeing the
/// last known state, with `up` 0 and a last-success time that stops moving.
public struct SnapshotBuilder: Sendable {
    public let build: BuildInfo
    public let options: SnapshotOptions
    private var latest: ClusterSnapshot
    private var history: OffsetHistory
    private var topicConfigs: [String: TopicConfig] = [:]
    private var controllerView = ControllerView()
    private var openTransactions = OpenTransactions()
    private var shardTenure = ShardTenure()

    public init(build: BuildInfo, options: SnapshotOptions = SnapshotOptions()) {
        self.build = build
        self.options = options
        self.history = OffsetHistory(limits: options.history, statusWindow: options.status.window)
        self.latest = ClusterSnapshot(
            build: build, clusterID: nil, controllerID: nil, brokers: [], topics: [], groups: [], health: .initial,
            options: options.export)
    }

    /// The offset history behind rates, lag in seconds and status (read by tests too).
    public var offsetHistory: OffsetHistory { history }

    public mutating func record(
        _ outcome: SampleOutcome, durationSeconds: Double, finishedAtUnixSeconds now: Double, workerRestartsTotal: Int
    ) -> ClusterSnapshot {
        var health = latest.health
        health.samplesTotal += 1
        health.lastSampleDurationSeconds = durationSeconds
        health.workerRestartsTotal = workerRestartsTotal

        switch outcome {
        case .failure(let failure):
            health.up = false
            health.lastSampleHadData = false
            health.lastPhases = []
            health.requestsLastSample = [:]
            health.workerFailuresTotal[failure.kind, default: 0] += 1
            giveUpGroupShards()
        case .sample(let sample):
            health.lastPhases = sample.phases
            health.requestsLastSample = sample.requests
            for phase in sample.failedPhases { health.sampleErrorsTotal[phase, default: 0] += 1 }
            health.up = sample.hasMetadata && sample.failedPhases.isEmpty
            health.lastSampleHadData = sample.hasMetadata
            if let configs = sample.topicConfigs { topicConfigs = configs }
            topicConfigs.merge(sample.newTopicConfigs) { _, new in new }
            if let metadata = sample.metadata {
                // A deleted topic's config goes with it: names that come and go must not pile up.
                let listed = Set(metadata.topics.map(\.name))
                topicConfigs = topicConfigs.filter { listed.contains($0.key) }
                let joined = join(metadata: metadata, sample: sample, at: now)
                latest.clusterID = metadata.clusterID
                latest.controllerID = controllerView.controller(
                    metadataAnswer: metadata.controllerID, describeClusterAnswer: metadata.describedControllerID,
                    describeClusterFailed: sample.failedPhases.contains(.cluster), brokers: metadata.brokers.count)
                latest.controllerKnown = metadata.controllerID != nil || metadata.describedControllerID != nil
                latest.brokers = metadata.brokers.sorted { $0.id < $1.id }
                latest.topics = joined.topics
                latest.groups = joined.groups
                health.lagClampsTotal += joined.clamps
                health.unknownOffsetPartitions = joined.unknownOffsets
                health.historySeries = history.seriesCount
                // The shard the worker read under: in group mode it moves, and with it what this page exports.
                let shard = sample.shard ?? options.export.shard
                latest.options.shard = shard
                shardTenure.update(owned: shard.isSharded ? shard.ownedOffsetsPartitions : [], at: now)
                latest.shardsAcquiredAt = shardTenure.acquiredAt
            }
        }
        if health.lastSampleHadData { health.lastSuccessUnixSeconds = now }
        latest.health = health
        return latest
    }

    /// A failed worker (killed, crashed, not started) took its `--shard.group` membership with it:
    /// its shards move to other replicas, so the last data of their groups is no longer this
    /// replica's to show, or it would be on two pages until this worker is back. Static shards
    /// never move, so there the last good data stays, as without sharding.
    private mutating func giveUpGroupShards() {
        guard case .group(let name) = latest.options.shard.mode else { return }
        latest.options.shard = ShardAssignment(group: name, owned: [], partitionCount: latest.options.shard.partitionCount)
        latest.groups = []
        shardTenure.update(owned: [], at: 0)
        latest.shardsAcquiredAt = [:]
    }

    private mutating func join(
        metadata: ClusterMetadata, sample: RawSample, at now: Double
    ) -> (topics: [TopicReport], groups: [GroupReport], clamps: Int, unknownOffsets: Int) {
        var offsets: [TopicPartition: PartitionOffsets] = [:]
        offsets.reserveCapacity(sample.offsets.count)
        for entry in sample.offsets { offsets[entry.topicPartition] = entry }

        var committedByGroup: [String: [TopicPartition: Int64]] = [:]
        for entry in sample.groupOffsets { committedByGroup[entry.group, default: [:]].merge(entry.committed) { $1 } }
        let unreadGroups = Set(sample.groupOffsets.filter { $0.error != nil }.map(\.group))
        recordHistory(metadata: metadata, offsets: offsets, committedByGroup: committedByGroup, unreadGroups: unreadGroups, at: now)

        let window = options.rateWindowSeconds
        var unknownOffsets = 0
        let topics = metadata.topics.sorted { $0.name < $1.name }.map { topic in
            var topicRate: Double?
            let partitions = topic.partitions.sorted { $0.partition < $1.partition }.map { partition in
                let key = TopicPartition(topic: topic.name, partition: partition.partition)
                let found = offsets[key]
                if found?.latest == nil { unknownOffsets += 1 }
                let rate = history.produceRate(key, windowSeconds: window)
                if let rate { topicRate = (topicRate ?? 0) + rate }
                let open = openTransactions.openSeconds(key, offsets: found, at: now)
                return PartitionReport(
                    partition: partition.partition, leader: partition.leader, replicas: partition.replicas,
                    inSyncReplicas: partition.inSyncReplicas, earliest: found?.earliest, latest: found?.latest,
                    stable: found?.stable, produceRate: rate, openTransactionSeconds: open,
                    hangingTransaction: open.map(options.transactions.isHanging) ?? false)
            }
            return TopicReport(name: topic.name, partitions: partitions, config: topicConfigs[topic.name], produceRate: topicRate)
        }

        let joined = groupReports(
            described: sample.groups, committedByGroup: committedByGroup, unreadGroups: unreadGroups, offsets: offsets,
            configs: topicConfigs, at: now)
        return (topics, joined.groups, joined.clamps, unknownOffsets)
    }

    private mutating func recordHistory(
        metadata: ClusterMetadata, offsets: [TopicPartition: PartitionOffsets], committedByGroup: [String: [TopicPartition: Int64]],
        unreadGroups: Set<String>, at now: Double
    ) {
        var listed = Set<TopicPartition>()
        var latestOffsets: [TopicPartition: Int64] = [:]
        var readableEnds: [TopicPartition: Int64] = [:]
        for topic in metadata.topics {
            for partition in topic.partitions {
                let key = TopicPartition(topic: topic.name, partition: partition.partition)
                listed.insert(key)
                if let latest = offsets[key]?.latest { latestOffsets[key] = latest }
                if let readable = offsets[key]?.readableEnd { readableEnds[key] = readable }
            }
        }
        openTransactions.record(at: now, partitions: listed, offsets: offsets)
        var committed: [GroupPartition: Int64] = [:]
        for (group, offsets) in committedByGroup {
            for (partition, offset) in offsets where offset >= 0 {
                committed[GroupPartition(group: group, topicPartition: partition)] = offset
            }
        }
        history.record(
            at: now, partitions: listed, latest: latestOffsets, committed: committed, unreadGroups: unreadGroups,
            readableEnds: readableEnds)
    }
}
