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

    static let full = ClusterSnapshot(
        build: build,
        clusterID: "pulse-test-cluster",
        controllerID: 2,
        brokers: [
            Broker(id: 1, host: "kafka-1.internal", port: 9092),
            Broker(id: 2, host: "kafka-2.internal", port: 9092, rack: "eu-1b"),
            Broker(id: 3, host: "10.0.0.13", port: 19092),
        ],
        topics: [
            TopicReport(
                name: "orders.v1",
                partitions: [
                    partition(0, earliest: 0, latest: 1200),
                    partition(1, earliest: 15, latest: 980),
                    // ListOffsets for the end offset failed; the start offset still came back.
                    partition(2, earliest: 40, latest: nil),
                ]),
            TopicReport(
                name: "payment-events",
                partitions: [
                    partition(0, earliest: 0, latest: 77),
                    // Leader down: neither offset is known.
                    partition(1, earliest: nil, latest: nil),
                ]),
            TopicReport(name: hostileTopic, partitions: [partition(0, earliest: 3, latest: 9)]),
            // Eleven partitions: 10 must follow 9, not 1.
            TopicReport(
                name: "user_profiles",
                partitions: (0...10).map { partition($0, earliest: Int64($0), latest: 1000 + Int64($0)) }),
        ],
        groups: [
            // Members unknown: DescribeGroups failed for it.
            GroupReport(
                id: "analytics", state: nil, members: nil,
                topics: [
                    GroupTopicReport(
                        topic: "user_profiles",
                        partitions: [
                            GroupPartitionReport(partition: 0, committed: 990, lag: .known(10)),
                            GroupPartitionReport(partition: 9, committed: 1009, lag: .known(0)),
                            GroupPartitionReport(partition: 10, committed: 1000, lag: .known(10)),
                        ])
                ]),
            // A clamped partition: committed ahead of the log end, exported as lag 0.
            GroupReport(
                id: "billing-service", state: .stable, members: 3,
                topics: [
                    GroupTopicReport(
                        topic: "orders.v1",
                        partitions: [
                            GroupPartitionReport(partition: 0, committed: 1195, lag: .known(5)),
                            GroupPartitionReport(partition: 1, committed: 985, lag: .clamped),
                        ]),
                    GroupTopicReport(
                        topic: "payment-events",
                        partitions: [GroupPartitionReport(partition: 0, committed: 70, lag: .known(7))]),
                ]),
            // Unknown lag: on orders.v1 it is the only partition, so there is no lag sum either.
            GroupReport(
                id: "shipping", state: .empty, members: 0,
                topics: [
                    GroupTopicReport(
                        topic: "orders.v1",
                        partitions: [GroupPartitionReport(partition: 2, committed: 500, lag: .unknown)]),
                    GroupTopicReport(
                        topic: "payment-events",
                        partitions: [
                            GroupPartitionReport(partition: 0, committed: 77, lag: .known(0)),
                            GroupPartitionReport(partition: 1, committed: 12, lag: .unknown),
                        ]),
                ]),
            GroupReport(
                id: hostileGroup, state: .stable, members: 1,
                topics: [
                    GroupTopicReport(
                        topic: hostileTopic,
                        partitions: [GroupPartitionReport(partition: 0, committed: 8, lag: .known(1))])
                ]),
        ],
        health: health)

    /// A sample that read metadata but failed two phases, after earlier successes and failures.
    static var health: ExporterHealth {
        var health = ExporterHealth.initial
        health.up = false
        health.lastSuccessUnixSeconds = 1_732_650_000.25
        health.lastSampleDurationSeconds = 0.4375
        health.lastPhases = [
            PhaseReport(phase: .metadata, durationSeconds: 0.012),
            PhaseReport(phase: .groupList, durationSeconds: 0.003),
            PhaseReport(phase: .groupDescribe, durationSeconds: 0.02, error: "COORDINATOR_NOT_AVAILABLE for analytics"),
            PhaseReport(phase: .groupOffsets, durationSeconds: 0.05),
            PhaseReport(phase: .endOffsets, durationSeconds: 0.125, error: "2 partitions without leader"),
            PhaseReport(phase: .startOffsets, durationSeconds: 0.0000015),
        ]
        health.samplesTotal = 42
        health.sampleErrorsTotal = [.endOffsets: 3, .groupDescribe: 1]
        health.workerFailuresTotal = [.timedOut: 2, .crashed: 1]
        health.workerRestartsTotal = 3
        health.lagClampsTotal = 7
        health.requestsLastSample = [
            "Metadata": 1, "ListOffsets": 6, "OffsetFetch": 4, "DescribeGroups": 1, "ListGroups": 3,
        ]
        health.unknownOffsetPartitions = 2
        return health
    }

    /// What the exporter publishes before it has ever read the cluster.
    static let empty = ClusterSnapshot(
        build: build, clusterID: nil, controllerID: nil, brokers: [], topics: [], groups: [], health: .initial)

    private static func partition(_ number: Int32, earliest: Int64?, latest: Int64?) -> PartitionReport {
        PartitionReport(
            partition: number, leader: latest == nil ? nil : 1, replicas: [1, 2, 3], inSyncReplicas: [1, 2, 3],
            earliest: earliest, latest: latest)
    }
}
