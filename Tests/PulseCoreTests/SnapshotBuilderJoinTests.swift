import PulseCore
import Testing

/// How one raw sample becomes topics and groups: the join of offsets to the layout, and lag.
@Suite("Snapshot builder: joining offsets to the layout")
struct SnapshotBuilderJoinTests {
    @Test("topics come out sorted by name and partitions in numeric order (10 after 9)")
    func topicsAndPartitionsSorted() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([
                    RawSamples.topic("zeta", partitions: [0]),
                    RawSamples.topic("alpha", partitions: [10, 2, 9, 0, 1]),
                    RawSamples.topic("mid", partitions: [0]),
                ])))
        #expect(snapshot.topics.map(\.name) == ["alpha", "mid", "zeta"])
        #expect(snapshot.topics[0].partitions.map(\.partition) == [0, 1, 2, 9, 10])
    }

    @Test("brokers come out sorted by id")
    func brokersSortedByID() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let brokers = [3, 1, 2].map { Broker(id: $0, host: "kafka-\($0)", port: 9092) }
        let snapshot = builder.record(RawSample(metadata: RawSamples.metadata([], brokers: brokers)))
        #expect(snapshot.brokers.map(\.id) == [1, 2, 3])
    }

    @Test("each partition carries its layout and the offsets read for it")
    func partitionJoinsLayoutAndOffsets() throws {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([
                    TopicMetadata(
                        name: "orders",
                        partitions: [PartitionMetadata(partition: 0, leader: 2, replicas: [2, 3], inSyncReplicas: [2])])
                ]),
                offsets: [RawSamples.offsets("orders", 0, earliest: 5, latest: 100)]))
        let partition = try #require(snapshot.topics.first?.partitions.first)
        #expect(
            partition
                == PartitionReport(
                    partition: 0, leader: 2, replicas: [2, 3], inSyncReplicas: [2], earliest: 5, latest: 100))
    }

    @Test("lag is computed per group and partition against that partition's end offset")
    func lagPerGroupAndPartition() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1])]),
                offsets: [RawSamples.offsets("orders", 0, latest: 100), RawSamples.offsets("orders", 1, latest: 50)],
                groupOffsets: [
                    RawSamples.committed("billing", "orders", [0: 90, 1: 45]),
                    RawSamples.committed("shipping", "orders", [0: 99]),
                ]))
        #expect(
            snapshot.group("billing")?.topics == [
                GroupTopicReport(
                    topic: "orders",
                    partitions: [
                        GroupPartitionReport(partition: 0, committed: 90, lag: .known(10)),
                        GroupPartitionReport(partition: 1, committed: 45, lag: .known(5)),
                    ])
            ])
        #expect(
            snapshot.group("shipping")?.topics == [
                GroupTopicReport(
                    topic: "orders", partitions: [GroupPartitionReport(partition: 0, committed: 99, lag: .known(1))])
            ])
    }

    @Test("groups, their topics and their partitions come out sorted (partition 10 after 9)")
    func groupRowsSorted() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([
                    RawSamples.topic("b-topic", partitions: Array(0...10)),
                    RawSamples.topic("a-topic", partitions: [0]),
                ]),
                groupOffsets: [
                    RawSamples.committed("zulu", "b-topic", [10: 1, 9: 1, 1: 1]),
                    RawSamples.committed("zulu", "a-topic", [0: 1]),
                    RawSamples.committed("alpha", "a-topic", [0: 1]),
                ]))
        #expect(snapshot.groups.map(\.id) == ["alpha", "zulu"])
        #expect(snapshot.group("zulu")?.topics.map(\.topic) == ["a-topic", "b-topic"])
        #expect(snapshot.group("zulu")?.topics.last?.partitions.map(\.partition) == [1, 9, 10])
    }

    @Test("a partition the group has not committed on gets no row")
    func uncommittedPartitionHasNoRow() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1, 2])]),
                offsets: (0...2).map { RawSamples.offsets("orders", $0, latest: 100) },
                groupOffsets: [RawSamples.committed("billing", "orders", [1: 80])]))
        #expect(snapshot.group("billing")?.topics.first?.partitions.map(\.partition) == [1])
    }

    @Test("negative committed offsets (librdkafka's -1001 for none) are dropped")
    func negativeCommittedDropped() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([
                    RawSamples.topic("orders", partitions: [0, 1]), RawSamples.topic("payments", partitions: [0]),
                ]),
                offsets: [RawSamples.offsets("orders", 0, latest: 10), RawSamples.offsets("orders", 1, latest: 10)],
                groupOffsets: [
                    RawSamples.committed("billing", "orders", [0: -1001, 1: 7]),
                    RawSamples.committed("billing", "payments", [0: -1]),
                ]))
        // The topic whose only offset was negative disappears with it.
        #expect(
            snapshot.group("billing")?.topics == [
                GroupTopicReport(
                    topic: "orders", partitions: [GroupPartitionReport(partition: 1, committed: 7, lag: .known(3))])
            ])
    }

    @Test("the lag sum adds the known lags only, and is nil when none is known")
    func lagSumOverKnownOnly() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([
                    RawSamples.topic("orders", partitions: [0, 1, 2]), RawSamples.topic("payments", partitions: [0]),
                ]),
                offsets: [
                    RawSamples.offsets("orders", 0, latest: 100),
                    RawSamples.offsets("orders", 1, latest: 50),
                    RawSamples.offsets("orders", 2, latest: nil),
                    RawSamples.offsets("payments", 0, latest: nil),
                ],
                groupOffsets: [
                    RawSamples.committed("billing", "orders", [0: 90, 1: 45, 2: 1_000]),
                    RawSamples.committed("billing", "payments", [0: 12]),
                ]))
        let topics = snapshot.group("billing")?.topics ?? []
        #expect(topics.map(\.topic) == ["orders", "payments"])
        #expect(topics.first?.partitions.map(\.lag) == [.known(10), .known(5), .unknown])
        #expect(topics.first?.lagSum == 15)
        #expect(topics.last?.partitions.map(\.lag) == [.unknown])
        #expect(topics.last?.lagSum == nil)
    }

    @Test("a clamped partition adds 0 to the lag sum")
    func clampedAddsZeroToLagSum() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1])]),
                offsets: [RawSamples.offsets("orders", 0, latest: 100), RawSamples.offsets("orders", 1, latest: 50)],
                groupOffsets: [RawSamples.committed("billing", "orders", [0: 90, 1: 60])]))
        let topic = snapshot.group("billing")?.topics.first
        #expect(topic?.partitions.map(\.lag) == [.known(10), .clamped])
        #expect(topic?.lagSum == 10)
    }

    @Test("the committed sum adds every committed offset, whether its lag is known or not")
    func committedSumOverAll() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1, 2])]),
                offsets: [RawSamples.offsets("orders", 0, latest: 100)],
                groupOffsets: [RawSamples.committed("billing", "orders", [0: 90, 1: 45, 2: 5])]))
        #expect(snapshot.group("billing")?.topics.first?.committedSum == 140)
    }

    @Test("a group with offsets that was not described is present, with members and state unknown")
    func undescribedGroupPresent() throws {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0])]),
                offsets: [RawSamples.offsets("orders", 0, latest: 100)],
                groups: [ConsumerGroup(id: "billing", state: .stable, members: 2)],
                groupOffsets: [RawSamples.committed("ghost", "orders", [0: 40])]))
        let ghost = try #require(snapshot.group("ghost"))
        #expect(ghost.members == nil)
        #expect(ghost.state == nil)
        #expect(ghost.topics.first?.partitions == [GroupPartitionReport(partition: 0, committed: 40, lag: .known(60))])
    }

    @Test("a described group without offsets is present, with its membership and no topics")
    func describedGroupWithoutOffsetsPresent() throws {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0])]),
                groups: [ConsumerGroup(id: "idle", state: .empty, members: 0)]))
        #expect(snapshot.groups == [GroupReport(id: "idle", state: .empty, members: 0, topics: [])])
    }

    @Test("hostile group ids (quote, backslash, slash, newline, non-ASCII, emoji) pass through unchanged")
    func hostileGroupIDsUnchanged() {
        let hostile = ["quote\"d", "back\\slash", "a/b/c", "new\nline", "übergrüppe-Ωμέγα", "rocket-🚀"]
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(
            RawSample(
                metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0])]),
                offsets: [RawSamples.offsets("orders", 0, latest: 100)],
                groups: hostile.map { ConsumerGroup(id: $0, state: .stable, members: 1) },
                groupOffsets: hostile.map { RawSamples.committed($0, "orders", [0: 99]) }))
        #expect(snapshot.groups.map(\.id) == hostile.sorted())
        for group in snapshot.groups {
            #expect(group.members == 1, "group \(group.id.debugDescription) lost its description")
            #expect(
                group.topics.first?.partitions.first?.lag == .known(1),
                "group \(group.id.debugDescription) lost its offsets")
        }
    }
}
