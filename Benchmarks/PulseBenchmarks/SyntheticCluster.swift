import PulseCore

/// A deterministic cluster of a given shape, sampled every `interval` seconds: the raw samples a
/// worker would send, with offsets that move like a busy cluster's.
///
/// Per partition the end offset grows at its own rate (some partitions idle, so lag in seconds
/// also takes the "level" path) and retention moves the earliest offset. Each group trails the end
/// offset by its own constant lag (some caught up); a tenth of the groups have no members. Every
/// 97th partition is under-replicated. Topic configs come with every 20th sample, as with
/// `--topic.config-interval 5m` at a 15 s interval.
struct SyntheticCluster: Sendable {
    let shape: ClusterShape
    let interval: Double
    let startSeconds: Double = 1_750_000_000
    let metadata: ClusterMetadata
    let groups: [ConsumerGroup]
    private let topicNames: [String]
    private let groupIDs: [String]

    init(_ shape: ClusterShape, interval: Double = 15) {
        self.shape = shape
        self.interval = interval
        topicNames = (0..<shape.topics).map(shape.topicName)
        groupIDs = (0..<shape.groups).map(shape.groupID)
        let brokers = (1...shape.brokers).map {
            Broker(id: Int32($0), host: "kafka-\($0).kafka.svc.cluster.local", port: 9092, rack: "rack-\($0 % 3)")
        }
        let replication = min(3, shape.brokers)
        let topics = topicNames.enumerated().map { topic, name in
            TopicMetadata(
                name: name,
                partitions: (0..<shape.partitionsPerTopic).map { partition in
                    let replicas = (0..<replication).map { Int32((topic + partition + $0) % shape.brokers + 1) }
                    let underReplicated = (topic * shape.partitionsPerTopic + partition) % 97 == 0
                    return PartitionMetadata(
                        partition: Int32(partition), leader: replicas[0], replicas: replicas,
                        inSyncReplicas: underReplicated ? Array(replicas.dropLast()) : replicas)
                })
        }
        metadata = ClusterMetadata(clusterID: "bench-cluster-Hx3u", controllerID: 1, brokers: brokers, topics: topics)
        groups = groupIDs.enumerated().map { index, id in
            let members = index % 10 == 9 ? 0 : 3
            let assigned = members == 0 ? [:] : Dictionary(
                uniqueKeysWithValues: shape.topics(ofGroup: index).map { (shape.topicName($0), shape.partitionsPerTopic) })
            return ConsumerGroup(
                id: id, state: members == 0 ? .empty : .stable, members: members,
                coordinator: Int32(index % shape.brokers + 1), assignor: members == 0 ? nil : "cooperative-sticky",
                assignedPartitions: assigned)
        }
    }

    func seconds(ofSample number: Int) -> Double { startSeconds + Double(number) * interval }

    /// Messages per second produced to a partition: 0 (idle) to 10.
    private func rate(topic: Int, partition: Int) -> Int64 { Int64((topic * 31 + partition * 17) % 11) }

    private func endOffset(topic: Int, partition: Int, sample: Int) -> Int64 {
        10_000 + Int64(topic % 7) * 1_000_000 + Int64(sample) * Int64(interval) * rate(topic: topic, partition: partition)
    }

    /// Constant per group and partition, so committed offsets only move forwards: 0 (caught up)
    /// for a fifth of them, up to 400 messages otherwise.
    private func lag(group: Int, partition: Int) -> Int64 {
        (group + partition) % 5 == 0 ? 0 : Int64((group * 7 + partition * 13) % 400)
    }

    /// The worker's answer for sample `number` (0, 1, 2, …).
    func sample(_ number: Int) -> RawSample {
        var offsets: [PartitionOffsets] = []
        offsets.reserveCapacity(shape.partitions)
        for (topic, name) in topicNames.enumerated() {
            for partition in 0..<shape.partitionsPerTopic {
                let end = endOffset(topic: topic, partition: partition, sample: number)
                offsets.append(
                    PartitionOffsets(
                        topicPartition: TopicPartition(topic: name, partition: Int32(partition)), earliest: end / 2, latest: end))
            }
        }
        let groupOffsets = groupIDs.enumerated().map { group, id in
            var committed: [TopicPartition: Int64] = [:]
            committed.reserveCapacity(shape.topicsPerGroup * shape.partitionsPerTopic)
            for topic in shape.topics(ofGroup: group) {
                for partition in 0..<shape.partitionsPerTopic {
                    let end = endOffset(topic: topic, partition: partition, sample: number)
                    committed[TopicPartition(topic: topicNames[topic], partition: Int32(partition))] =
                        max(0, end - lag(group: group, partition: partition))
                }
            }
            return GroupOffsets(group: id, committed: committed)
        }
        let configs = number % 20 == 0 ? Dictionary(
            uniqueKeysWithValues: topicNames.map {
                ($0, TopicConfig(retentionMilliseconds: 604_800_000, cleanupPolicy: "delete", minInsyncReplicas: 2))
            }) : nil
        return RawSample(
            metadata: metadata, offsets: offsets, groups: groups, groupOffsets: groupOffsets, topicConfigs: configs,
            phases: SamplePhase.allCases.map { PhaseReport(phase: $0, durationSeconds: 0.004) },
            requests: [
                "Metadata": 2, "DescribeCluster": 1, "ListGroups": 1, "DescribeGroups": shape.groups,
                "FindCoordinator": 2 * shape.groups, "OffsetFetch": shape.groups, "ListOffsets": 2 * shape.brokers,
            ])
    }
}
