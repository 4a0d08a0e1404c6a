import PulseCore
import Testing

@Suite("Snapshot builder: rates, configs and group details")
struct SnapshotBuilderRatesTests {
    func sample(end: [Int32: Int64], committed: [Int32: Int64], configs: [String: TopicConfig]? = nil) -> RawSample {
        var sample = RawSamples.healthy
        sample.offsets = end.map { RawSamples.offsets("orders", $0.key, latest: $0.value) }
        sample.groupOffsets = [RawSamples.committed("billing", "orders", committed)]
        sample.topicConfigs = configs
        return sample
    }

    @Test("no rate on the first sample; then the per-topic sum of partition rates")
    func produceAndConsumeRates() {
        var builder = SnapshotBuilder(build: RawSamples.build, options: SnapshotOptions(rateWindowSeconds: 60))
        let first = builder.record(sample(end: [0: 100, 1: 200], committed: [0: 50, 1: 100]), at: 1_000)
        #expect(first.topics.first?.produceRate == nil)
        #expect(first.group("billing")?.topics.first?.consumeRate == nil)

        let second = builder.record(sample(end: [0: 200, 1: 400], committed: [0: 60, 1: 140]), at: 1_010)
        #expect(second.topics.first?.produceRate == 30)  // (100 + 200) / 10 s
        #expect(second.topics.first?.partitions.map(\.produceRate) == [10, 20])
        #expect(second.group("billing")?.topics.first?.consumeRate == 5)  // (10 + 40) / 10 s
    }

    @Test("a topic recreated between samples (offsets back to 0) gets no rate, never a negative one")
    func recreatedTopic() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        _ = builder.record(sample(end: [0: 1_000_000, 1: 1_000_000], committed: [0: 10, 1: 10]), at: 1_000)
        let recreated = builder.record(sample(end: [0: 3, 1: 0], committed: [0: 0, 1: 0]), at: 1_010)
        #expect(recreated.topics.first?.produceRate == nil)
        #expect(recreated.group("billing")?.topics.first?.consumeRate == nil)
        let next = builder.record(sample(end: [0: 13, 1: 0], committed: [0: 3, 1: 0]), at: 1_020)
        #expect(next.topics.first?.produceRate == 1)
    }

    @Test("topic configs are carried between the samples that read them")
    func configsCarriedForward() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let config = TopicConfig(retentionMilliseconds: 3_600_000, minInsyncReplicas: 2)
        let read = builder.record(sample(end: [0: 1, 1: 1], committed: [:], configs: ["orders": config]), at: 1_000)
        #expect(read.topics.first?.config == config)
        let notRead = builder.record(sample(end: [0: 2, 1: 2], committed: [:], configs: nil), at: 1_010)
        #expect(notRead.topics.first?.config == config)
        let emptied = builder.record(sample(end: [0: 3, 1: 3], committed: [:], configs: [:]), at: 1_020)
        #expect(emptied.topics.first?.config == nil)
    }

    @Test("a new topic's config, read in the sample that first lists it, joins the carried configs; a deleted topic's goes")
    func newTopicConfigJoinsCarriedConfigs() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let orders = TopicConfig(retentionMilliseconds: 3_600_000, minInsyncReplicas: 2)
        _ = builder.record(sample(end: [0: 1, 1: 1], committed: [:], configs: ["orders": orders]), at: 1_000)

        var withRefunds = sample(end: [0: 2, 1: 2], committed: [:], configs: nil)
        withRefunds.metadata?.topics.append(RawSamples.topic("refunds", partitions: [0]))
        let refunds = TopicConfig(retentionMilliseconds: 60_000, minInsyncReplicas: 1)
        withRefunds.newTopicConfigs = ["refunds": refunds]
        let joined = builder.record(withRefunds, at: 1_010)
        #expect(joined.topics.map(\.config) == [orders, refunds])

        // refunds deleted, then created again: its old config must not come back before it is read.
        _ = builder.record(sample(end: [0: 3, 1: 3], committed: [:], configs: nil), at: 1_020)
        var recreated = sample(end: [0: 4, 1: 4], committed: [:], configs: nil)
        recreated.metadata?.topics.append(RawSamples.topic("refunds", partitions: [0]))
        #expect(builder.record(recreated, at: 1_030).topics.map(\.config) == [orders, nil])
    }

    @Test("a described group carries assignor, coordinator and assignments, also on topics without commits")
    func groupDetails() {
        var raw = sample(end: [0: 10, 1: 10], committed: [0: 5])
        raw.groups = [
            ConsumerGroup(
                id: "billing", state: .stable, members: 2, coordinator: 3, assignor: "cooperative-sticky",
                assignedPartitions: ["orders": 2, "refunds": 1])
        ]
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(raw)
        let group = snapshot.group("billing")
        #expect(group?.assignor == "cooperative-sticky")
        #expect(group?.coordinator == 3)
        #expect(group?.topics.map(\.topic) == ["orders", "refunds"])
        #expect(group?.topics.map(\.assignedPartitions) == [2, 1])
        #expect(group?.topics.last?.partitions.isEmpty == true)
    }

    @Test("a group with commits but no members stays reported, as empty")
    func memberlessGroup() {
        var raw = sample(end: [0: 10, 1: 10], committed: [0: 5, 1: 5])
        raw.groups = [ConsumerGroup(id: "billing", state: .empty, members: 0, assignedPartitions: [:])]
        var builder = SnapshotBuilder(build: RawSamples.build)
        let group = builder.record(raw).group("billing")
        #expect(group?.state == .empty)
        #expect(group?.members == 0)
        #expect(group?.topics.first?.partitions.compactMap(\.lag.value) == [5, 5])
        #expect(group?.topics.first?.assignedPartitions == 0)
    }

    @Test("export switches travel with the snapshot")
    func exportOptions() {
        let options = SnapshotOptions(export: ExportOptions(groupPartitionSeries: false, partitionProduceRates: true))
        var builder = SnapshotBuilder(build: RawSamples.build, options: options)
        #expect(builder.record(RawSamples.healthy).options == options.export)
    }
}
