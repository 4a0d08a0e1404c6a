/// What came back from one attempt to sample.
public enum SampleOutcome: Sendable {
    case sample(RawSample)
    case failure(WorkerFailure)
}

/// Turns sample outcomes into snapshots: joins offsets to the layout, computes lag, and keeps the
/// exporter's cumulative health counters.
///
/// When an outcome carries no cluster data (the worker failed, or even the metadata request did),
/// the previous snapshot's data is kept and only the health changes: Prometheus keeps seeing the
/// last known state, with `up` 0 and a last-success time that stops moving.
public struct SnapshotBuilder: Sendable {
    public let build: BuildInfo
    private var latest: ClusterSnapshot

    public init(build: BuildInfo) {
        self.build = build
        self.latest = ClusterSnapshot(
            build: build, clusterID: nil, controllerID: nil, brokers: [], topics: [], groups: [], health: .initial)
    }

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
        case .sample(let sample):
            health.lastPhases = sample.phases
            health.requestsLastSample = sample.requests
            for phase in sample.failedPhases { health.sampleErrorsTotal[phase, default: 0] += 1 }
            health.up = sample.hasMetadata && sample.failedPhases.isEmpty
            health.lastSampleHadData = sample.hasMetadata
            if let metadata = sample.metadata {
                let joined = Self.join(metadata: metadata, sample: sample)
                latest.clusterID = metadata.clusterID
                latest.controllerID = metadata.controllerID
                latest.brokers = metadata.brokers.sorted { $0.id < $1.id }
                latest.topics = joined.topics
                latest.groups = joined.groups
                health.lagClampsTotal += joined.clamps
                health.unknownOffsetPartitions = joined.unknownOffsets
            }
        }
        if health.lastSampleHadData { health.lastSuccessUnixSeconds = now }
        latest.health = health
        return latest
    }

    private static func join(
        metadata: ClusterMetadata, sample: RawSample
    ) -> (topics: [TopicReport], groups: [GroupReport], clamps: Int, unknownOffsets: Int) {
        var offsets: [TopicPartition: PartitionOffsets] = [:]
        offsets.reserveCapacity(sample.offsets.count)
        for entry in sample.offsets { offsets[entry.topicPartition] = entry }

        var unknownOffsets = 0
        let topics = metadata.topics.sorted { $0.name < $1.name }.map { topic in
            TopicReport(
                name: topic.name,
                partitions: topic.partitions.sorted { $0.partition < $1.partition }.map { partition in
                    let found = offsets[TopicPartition(topic: topic.name, partition: partition.partition)]
                    if found?.latest == nil { unknownOffsets += 1 }
                    return PartitionReport(
                        partition: partition.partition, leader: partition.leader, replicas: partition.replicas,
                        inSyncReplicas: partition.inSyncReplicas, earliest: found?.earliest, latest: found?.latest)
                })
        }

        var described: [String: ConsumerGroup] = [:]
        for group in sample.groups { described[group.id] = group }
        var committedByGroup: [String: [TopicPartition: Int64]] = [:]
        for entry in sample.groupOffsets { committedByGroup[entry.group, default: [:]].merge(entry.committed) { $1 } }

        var clamps = 0
        let groupIDs = Set(described.keys).union(committedByGroup.keys).sorted()
        let groups = groupIDs.map { id in
            let committed = (committedByGroup[id] ?? [:]).filter { $0.value >= 0 }
            let byTopic = Dictionary(grouping: committed, by: \.key.topic)
            let topics = byTopic.keys.sorted().map { topic in
                GroupTopicReport(
                    topic: topic,
                    partitions: (byTopic[topic] ?? []).sorted { $0.key < $1.key }.map { entry in
                        let lag = PartitionLag(committed: entry.value, logEnd: offsets[entry.key]?.latest)
                        if lag == .clamped { clamps += 1 }
                        return GroupPartitionReport(partition: entry.key.partition, committed: entry.value, lag: lag)
                    })
            }
            return GroupReport(id: id, state: described[id]?.state, members: described[id]?.members, topics: topics)
        }
        return (topics, groups, clamps, unknownOffsets)
    }
}
