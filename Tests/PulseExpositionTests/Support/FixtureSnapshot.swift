import PulseCore

/// Hand-built snapshots for exposition tests. Built here rather than taken from the demo or the
/// snapshot builder, so that a golden diff can only mean the exposition changed.
///
/// Lists are written in the order `SnapshotBuilder` produces (brokers by id, topics by name,
/// partitions numerically, groups by id), because the renderer relies on it.
enum FixtureSnapshot {
    static let build = BuildInfo(version: "1.2.3-test", librdkafkaVersion: "2.8.0")

    /// A topic name no real cluster allows, to prove escaping: quote, backslash, newline, emoji, umlaut.
    static let hostileTopic = "quirky\"topic\\name\nwith-🚀-über"
    /// A group id (which Kafka does allow to be anything) with the same hazards plus Greek.
    static let hostileGroup = "team \"α\"\\ops\nüber-🚀"

    /// Every cardinality switch on, so that the page carries every family.
    static let full: ClusterSnapshot = {
        var snapshot = fullWithoutAlerting
        // Alerting on, with an HA pair of Alertmanagers of which one failed (the hostile URL
        // proves the label is escaped).
        snapshot.alerting = AlertingStatus(
            firing: ["KafkaConsumerGroupStopped": 2, "KafkaOfflinePartitions": 0],
            notifications: ["http://am-1:9093": 12, "http://am-2:9093/\"x\"": 12],
            failedNotifications: ["http://am-1:9093": 0, "http://am-2:9093/\"x\"": 3])
        // Three of the replica's shards: two owned since its first sample, one gained later.
        snapshot.shardsAcquiredAt = [0: 1_765_000_000, 3: 1_765_000_000, 6: 1_765_000_120.5]
        return snapshot
    }()

    private static let fullWithoutAlerting = ClusterSnapshot(
        build: build,
        clusterID: "pulse-test-cluster",
        controllerID: 2,
        brokers: [
            // Rack unknown (not configured, or DescribeCluster did not answer).
            Broker(id: 1, host: "kafka-1.internal", port: 9092),
            Broker(id: 2, host: "kafka-2.internal", port: 9092, rack: "eu-1b"),
            Broker(id: 3, host: "10.0.0.13", port: 19092, rack: "eu-1c"),
        ],
        topics: topics,
        groups: groups,
        health: health,
        options: ExportOptions(groupPartitionSeries: true, partitionProduceRates: true, partitionStatusSeries: true, shard: shard))

    /// Replica 0 of 3: the shard series on top of every other family.
    private static let shard = (try? ShardAssignment(total: 3, index: 0)) ?? .whole

    private static let topics = [
        TopicReport(
            name: "orders.v1",
            partitions: [
                // A hanging transaction: the LSO held 12 records below the high watermark for 412.5 s.
                partition(
                    0, leader: 1, replicas: [1, 2, 3], inSync: [1, 2, 3], earliest: 0, latest: 1200, rate: 7.5,
                    transaction: (stable: 1188, openSeconds: 412.5, hanging: true)),
                // Led by broker 3 while broker 2 is preferred; broker 2 also dropped out of the ISR.
                // A young open transaction (under the hanging threshold).
                partition(
                    1, leader: 3, replicas: [2, 3, 1], inSync: [3, 1], earliest: 15, latest: 980, rate: 5,
                    transaction: (stable: 970, openSeconds: 12, hanging: false)),
                // One in-sync replica against min.insync.replicas 2; ListOffsets for the end offset
                // failed, so there is no end offset and no rate, while the start offset came back.
                partition(2, leader: 1, replicas: [1, 2, 3], inSync: [1], earliest: 40, latest: nil, rate: nil),
            ],
            config: TopicConfig(retentionMilliseconds: 604_800_000, cleanupPolicy: "delete", minInsyncReplicas: 2),
            produceRate: 12.5),
        // No rates yet (fewer than two observations); retention by size only, and it has already
        // deleted offsets below 72 on partition 0.
        TopicReport(
            name: "payment-events",
            partitions: [
                partition(0, leader: 2, replicas: [2, 3, 1], inSync: [2, 3, 1], earliest: 72, latest: 77, rate: nil),
                // Offline: no leader, so neither offset is known; the last ISR member is kept.
                partition(1, leader: nil, replicas: [3, 1, 2], inSync: [3], earliest: nil, latest: nil, rate: nil),
            ],
            config: TopicConfig(retentionBytes: 1_073_741_824, cleanupPolicy: "compact,delete", minInsyncReplicas: 1)),
        // Config unknown: DescribeConfigs has not answered for it. Its read_committed ListOffsets
        // failed: no LSO, no open-transaction age, no hanging count.
        TopicReport(
            name: hostileTopic,
            partitions: [
                partition(
                    0, leader: 1, replicas: [1], inSync: [1], earliest: 3, latest: 9, rate: 0.25,
                    transaction: (stable: nil, openSeconds: nil, hanging: false))
            ],
            produceRate: 0.25),
        // Eleven partitions: 10 must follow 9, not 1. Leaders rotate over the brokers; retention
        // is unlimited by both time and size.
        TopicReport(
            name: "user_profiles",
            partitions: (0...10).map { number in
                let replicas = [1, 2, 3].map { Int32(($0 + number - 1) % 3 + 1) }
                return partition(
                    Int32(number), leader: replicas[0], replicas: replicas, inSync: replicas, earliest: Int64(number),
                    latest: 1000 + Int64(number), rate: Double(number) / 4)
            },
            config: TopicConfig(cleanupPolicy: "compact", minInsyncReplicas: 2),
            produceRate: 13.75),
    ]

    private static let groups = [
        // Not described (DescribeGroups failed for it): state, members, assignment, coordinator unknown.
        // Falling behind on a compacted topic: lag in seconds by three methods, no catch-up time
        // (not draining) and no retention margin (nothing is deleted by time).
        GroupReport(
            id: "analytics", state: nil, members: nil,
            topics: [
                GroupTopicReport(
                    topic: "user_profiles",
                    partitions: [
                        GroupPartitionReport(
                            partition: 0, committed: 990, lag: .known(10),
                            lagSeconds: LagTimeEstimate(seconds: 12.5, method: .interpolated), status: .warning),
                        GroupPartitionReport(partition: 9, committed: 1009, lag: .known(0), lagSeconds: .caughtUp),
                        GroupPartitionReport(
                            partition: 10, committed: 1000, lag: .known(10),
                            lagSeconds: LagTimeEstimate(seconds: 3_600.25, method: .lowerBound), status: .warning),
                    ])
            ],
            status: .warning),
        // A clamped partition: committed ahead of the log end, exported as lag 0. Draining
        // orders.v1 well inside its week of retention; rewound on payment-events, below its log
        // start, with a lag in seconds extrapolated from before the history.
        GroupReport(
            id: "billing-service", state: .stable, members: 3,
            topics: [
                GroupTopicReport(
                    topic: "orders.v1",
                    partitions: [
                        GroupPartitionReport(
                            partition: 0, committed: 1195, lag: .known(5),
                            lagSeconds: LagTimeEstimate(seconds: 0.4, method: .interpolated)),
                        GroupPartitionReport(partition: 1, committed: 985, lag: .clamped, lagSeconds: .caughtUp),
                    ],
                    assignedPartitions: 3, consumeRate: 11.75, catchUpSeconds: 2.5, retentionMarginSeconds: 604_799.6),
                GroupTopicReport(
                    topic: "payment-events",
                    partitions: [
                        GroupPartitionReport(
                            partition: 0, committed: 70, lag: .known(7),
                            lagSeconds: LagTimeEstimate(seconds: 86_400, method: .extrapolated), status: .rewind,
                            belowLogStart: true)
                    ],
                    assignedPartitions: 2, consumeRate: 0.5),
            ],
            coordinator: 2, assignor: "cooperative-sticky", type: .classic, status: .rewind),
        // Empty: described, so nothing is assigned; no assignor without members. Unknown lag: on
        // orders.v1 it is the only partition, so there is no lag sum, no lag in seconds and the
        // status is error. Caught up on payment-events: catch-up time 0.
        GroupReport(
            id: "shipping", state: .empty, members: 0,
            topics: [
                GroupTopicReport(
                    topic: "orders.v1",
                    partitions: [GroupPartitionReport(partition: 2, committed: 500, lag: .unknown, status: .error)],
                    assignedPartitions: 0),
                GroupTopicReport(
                    topic: "payment-events",
                    partitions: [
                        GroupPartitionReport(partition: 0, committed: 77, lag: .known(0), lagSeconds: .caughtUp),
                        GroupPartitionReport(partition: 1, committed: 12, lag: .unknown, status: .error),
                    ],
                    assignedPartitions: 0, consumeRate: 0, catchUpSeconds: 0),
            ],
            coordinator: 3, type: .consumer, status: .error),
        // Rebalancing, coordinator unknown; assigned user_profiles but has never committed on it.
        // Its one member holds the partition without committing: stalled.
        GroupReport(
            id: hostileGroup, state: .preparingRebalance, members: 1,
            topics: [
                GroupTopicReport(
                    topic: hostileTopic,
                    partitions: [
                        GroupPartitionReport(
                            partition: 0, committed: 8, lag: .known(1),
                            lagSeconds: LagTimeEstimate(seconds: 3.75, method: .interpolated), status: .stall)
                    ],
                    assignedPartitions: 1, consumeRate: 0.125),
                GroupTopicReport(topic: "user_profiles", partitions: [], assignedPartitions: 11),
            ],
            assignor: "range", status: .stall),
    ]

    /// A sample that read metadata but failed two phases, after earlier successes and failures.
    static var health: ExporterHealth {
        var health = ExporterHealth.initial
        health.up = false
        health.lastSuccessUnixSeconds = 1_732_650_000.25
        health.lastSampleDurationSeconds = 0.4375
        health.lastPhases = [
            PhaseReport(phase: .metadata, durationSeconds: 0.012),
            PhaseReport(phase: .cluster, durationSeconds: 0.004),
            PhaseReport(phase: .topicConfigs, durationSeconds: 0.0085, error: "1 topics failed, first audit: TOPIC_AUTHORIZATION_FAILED"),
            PhaseReport(phase: .groupList, durationSeconds: 0.003),
            PhaseReport(phase: .groupDescribe, durationSeconds: 0.02, error: "COORDINATOR_NOT_AVAILABLE for analytics"),
            PhaseReport(phase: .groupOffsets, durationSeconds: 0.05),
            PhaseReport(phase: .endOffsets, durationSeconds: 0.125, error: "2 partitions without leader"),
            PhaseReport(phase: .startOffsets, durationSeconds: 0.0000015),
            PhaseReport(phase: .stableOffsets, durationSeconds: 0.0625, error: "1 partitions failed, first quirky/0: UNKNOWN_SERVER_ERROR"),
        ]
        health.samplesTotal = 42
        health.sampleErrorsTotal = [.endOffsets: 3, .groupDescribe: 1, .topicConfigs: 1, .stableOffsets: 1]
        health.workerFailuresTotal = [.timedOut: 2, .crashed: 1]
        health.workerRestartsTotal = 3
        health.lagClampsTotal = 7
        health.requestsLastSample = [
            "Metadata": 1, "DescribeCluster": 1, "DescribeConfigs": 1, "ListOffsets": 9, "OffsetFetch": 4,
            "DescribeGroups": 1, "ListGroups": 3,
        ]
        health.unknownOffsetPartitions = 2
        health.historySeries = HistorySeriesCount(partitions: 9, groupPartitions: 4)
        return health
    }

    /// What the exporter publishes before it has ever read the cluster.
    static let empty = ClusterSnapshot(
        build: build, clusterID: nil, controllerID: nil, brokers: [], topics: [], groups: [], health: .initial)

    /// `transaction` defaults to none open: the LSO at the high watermark, age 0 (both unknown with it).
    private static func partition(
        _ number: Int32, leader: Int32?, replicas: [Int32], inSync: [Int32], earliest: Int64?, latest: Int64?, rate: Double?,
        transaction: (stable: Int64?, openSeconds: Double?, hanging: Bool)? = nil
    ) -> PartitionReport {
        let transaction = transaction ?? (stable: latest, openSeconds: latest.map { _ in 0 }, hanging: false)
        return PartitionReport(
            partition: number, leader: leader, replicas: replicas, inSyncReplicas: inSync, earliest: earliest,
            latest: latest, stable: transaction.stable, produceRate: rate, openTransactionSeconds: transaction.openSeconds,
            hangingTransaction: transaction.hanging)
    }
}
