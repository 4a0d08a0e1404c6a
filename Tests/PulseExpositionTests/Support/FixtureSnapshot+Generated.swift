import PulseCore

extension FixtureSnapshot {
    /// A synthetic cluster of a given size, for tests about page size rather than content. Every
    /// optional value is known and every cardinality switch is on, so the page is as large as
    /// this cluster's can get. Each group reads three topics, all partitions, one of them with
    /// unknown lag.
    static func generated(topics topicCount: Int, partitions: Int, groups groupCount: Int) -> ClusterSnapshot {
        let topics = (0..<topicCount).map { topic in
            TopicReport(
                name: "shop.topic-\(padded(topic)).events",
                partitions: (0..<partitions).map { partition in
                    PartitionReport(
                        partition: Int32(partition), leader: 1, replicas: [1, 2, 3], inSyncReplicas: [1, 2, 3],
                        earliest: 1_000, latest: 1_000_000_000 + Int64(partition), produceRate: 1234.5678901234)
                },
                config: TopicConfig(
                    retentionMilliseconds: 604_800_001, retentionBytes: 1_073_741_824, cleanupPolicy: "compact,delete",
                    minInsyncReplicas: 2),
                produceRate: 98765.432109876)
        }
        let groups = (0..<groupCount).map { group in
            GroupReport(
                id: "service-\(padded(group))-consumer",
                state: .stable,
                members: 4,
                topics: (0..<min(3, topicCount)).map { offset in
                    GroupTopicReport(
                        topic: topics[(group + offset) % topicCount].name,
                        partitions: (0..<partitions).map(groupPartition),
                        assignedPartitions: partitions, consumeRate: 4321.0987654321, catchUpSeconds: 98765.432109876,
                        retentionMarginSeconds: 603_565.4331098766)
                },
                coordinator: 2, assignor: "cooperative-sticky", status: .error)
        }
        return ClusterSnapshot(
            build: build, clusterID: "generated", controllerID: 1,
            brokers: (1...3).map { Broker(id: Int32($0), host: "kafka-\($0).internal", port: 9092, rack: "eu-1a") },
            topics: topics, groups: groups, health: health,
            options: ExportOptions(groupPartitionSeries: true, partitionProduceRates: true, partitionStatusSeries: true))
    }

    /// Partition 0 has unknown lag (so no estimate and status error); the others lag by a
    /// thousand-odd messages and seconds; partition 1 is below the log start.
    private static func groupPartition(_ partition: Int) -> GroupPartitionReport {
        guard partition > 0 else {
            return GroupPartitionReport(partition: 0, committed: 999_999_000, lag: .unknown, status: .error)
        }
        let lagSeconds = LagTimeEstimate(seconds: 1234.5678901234 + Double(partition), method: .interpolated)
        return GroupPartitionReport(
            partition: Int32(partition), committed: 999_999_000, lag: .known(1_000 + Int64(partition)), lagSeconds: lagSeconds,
            status: .warning, belowLogStart: partition == 1)
    }

    private static func padded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
