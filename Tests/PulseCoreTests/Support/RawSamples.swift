import PulseCore

/// Small builders for raw samples, so that each test states only the facts it is about.
enum RawSamples {
    static let build = BuildInfo(version: "0.0.0-test", librdkafkaVersion: "2.8.0")

    static func topic(_ name: String, partitions: [Int32]) -> TopicMetadata {
        TopicMetadata(
            name: name,
            partitions: partitions.map {
                PartitionMetadata(partition: $0, leader: 1, replicas: [1], inSyncReplicas: [1])
            })
    }

    static func metadata(_ topics: [TopicMetadata], brokers: [Broker] = [Broker(id: 1, host: "kafka-1", port: 9092)])
        -> ClusterMetadata
    {
        ClusterMetadata(clusterID: "test-cluster", controllerID: 1, brokers: brokers, topics: topics)
    }

    static func offsets(_ topic: String, _ partition: Int32, earliest: Int64? = 0, latest: Int64?) -> PartitionOffsets {
        PartitionOffsets(
            topicPartition: TopicPartition(topic: topic, partition: partition), earliest: earliest, latest: latest)
    }

    static func committed(_ group: String, _ topic: String, _ byPartition: [Int32: Int64]) -> GroupOffsets {
        GroupOffsets(
            group: group,
            committed: Dictionary(
                uniqueKeysWithValues: byPartition.map { (TopicPartition(topic: topic, partition: $0.key), $0.value) }))
    }

    /// One topic `orders` with partitions 0 and 1 at end offsets 100 and 200, read by group `billing`
    /// at 90 and 200; every phase succeeded.
    static let healthy = RawSample(
        metadata: metadata([topic("orders", partitions: [0, 1])]),
        offsets: [offsets("orders", 0, latest: 100), offsets("orders", 1, latest: 200)],
        groups: [ConsumerGroup(id: "billing", state: .stable, members: 2)],
        groupOffsets: [committed("billing", "orders", [0: 90, 1: 200])],
        phases: SamplePhase.allCases.map { PhaseReport(phase: $0, durationSeconds: 0.01) })

    /// `healthy` with one phase reported as failed.
    static func healthy(failing phase: SamplePhase) -> RawSample {
        var sample = healthy
        sample.phases = SamplePhase.allCases.map {
            PhaseReport(phase: $0, durationSeconds: 0.01, error: $0 == phase ? "timed out" : nil)
        }
        return sample
    }
}

extension SnapshotBuilder {
    /// Records one outcome with fixed bookkeeping values that no test here is about.
    mutating func record(_ outcome: SampleOutcome, at now: Double = 1_700_000_000) -> ClusterSnapshot {
        record(outcome, durationSeconds: 0.25, finishedAtUnixSeconds: now, workerRestartsTotal: 0)
    }

    /// Records one raw sample.
    mutating func record(_ sample: RawSample, at now: Double = 1_700_000_000) -> ClusterSnapshot {
        record(.sample(sample), at: now)
    }
}

extension ClusterSnapshot {
    func group(_ id: String) -> GroupReport? { groups.first { $0.id == id } }
}
