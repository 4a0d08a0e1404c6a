import PulseCore

/// A cluster in steady state for counting series: every value the exporter can know is known (two
/// samples taken, topic configs read, lag in seconds estimated, last stable offsets read), so each
/// family shows every series it can. Classic consumer groups, each reading `topicsPerGroup` whole
/// topics.
struct FootprintSnapshot {
    var brokers = 3
    var topics = 4
    var partitions = 5
    var groups = 6
    var topicsPerGroup = 2

    var groupTopics: Int { groups * topicsPerGroup }
    var groupPartitions: Int { groupTopics * partitions }

    func snapshot(options: ExportOptions) -> ClusterSnapshot {
        let topicNames = (0..<topics).map { "topic-\($0)" }
        let topicReports = topicNames.map { name in
            TopicReport(
                name: name,
                partitions: (0..<partitions).map { partition in
                    PartitionReport(
                        partition: Int32(partition), leader: 1, replicas: Array(1...Int32(min(3, brokers))),
                        inSyncReplicas: Array(1...Int32(min(3, brokers))), earliest: 10, latest: 1_000, stable: 1_000,
                        produceRate: 2.5, openTransactionSeconds: 0)
                },
                config: TopicConfig(retentionMilliseconds: 604_800_000, retentionBytes: -1, cleanupPolicy: "delete", minInsyncReplicas: 2),
                produceRate: 12.5)
        }
        let groupReports = (0..<groups).map { group in
            GroupReport(
                id: "group-\(group)", state: .stable, members: 2,
                topics: (0..<topicsPerGroup).map { offset in
                    GroupTopicReport(
                        topic: topicNames[(group + offset) % topics],
                        partitions: (0..<partitions).map { partition in
                            GroupPartitionReport(
                                partition: Int32(partition), committed: 990, lag: .known(10),
                                lagSeconds: LagTimeEstimate(seconds: 1.5, method: .interpolated), status: .ok)
                        },
                        assignedPartitions: partitions, consumeRate: 2.5, catchUpSeconds: 0, retentionMarginSeconds: 604_000)
                },
                coordinator: 1, assignor: "range", type: .classic, status: .ok)
        }
        return ClusterSnapshot(
            build: FixtureSnapshot.build, clusterID: "footprint", controllerID: 1,
            brokers: (1...brokers).map { Broker(id: Int32($0), host: "kafka-\($0)", port: 9092, rack: "r1") },
            topics: topicReports, groups: groupReports.sorted { $0.id < $1.id }, health: FixtureSnapshot.health, options: options)
    }
}
