import PulseCore

/// Small snapshots for the evaluator: a cluster of `brokers` brokers and the given groups.
enum Snapshots {
    static func cluster(
        brokers: Int = 3, groups: [GroupReport] = [], topics: [TopicReport] = [], controller: Int32? = 1, hadData: Bool = true
    ) -> ClusterSnapshot {
        var health = ExporterHealth.initial
        health.lastSampleHadData = hadData
        health.up = hadData
        return ClusterSnapshot(
            build: BuildInfo(version: "test", librdkafkaVersion: "test"), clusterID: "c", controllerID: controller,
            brokers: (0..<brokers).map { Broker(id: Int32($0), host: "b\($0)", port: 9092) }, topics: topics, groups: groups,
            health: health)
    }

    static func group(_ id: String, status: ConsumerStatus, topics: [GroupTopicReport] = []) -> GroupReport {
        GroupReport(id: id, state: .stable, members: 1, topics: topics, status: status)
    }

    static func lagSeconds(_ group: String, topic: String, seconds: Double) -> GroupReport {
        let partition = GroupPartitionReport(
            partition: 0, committed: 10, lag: .known(5), lagSeconds: LagTimeEstimate(seconds: seconds, method: .interpolated))
        return GroupReport(id: group, state: .stable, members: 1, topics: [GroupTopicReport(topic: topic, partitions: [partition])])
    }
}
