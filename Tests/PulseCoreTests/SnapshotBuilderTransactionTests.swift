import PulseCore
import Testing

/// Last stable offsets on the partitions, hanging transactions counted per topic and cluster, and
/// read_committed consumers waiting at the LSO judged as caught up.
@Suite("Snapshot builder: open transactions and the consumers waiting behind them")
struct SnapshotBuilderTransactionTests {
    let options = SnapshotOptions(status: StatusRules(window: 3, allowedLag: 0), transactions: TransactionRules(hangingAfterSeconds: 20))

    /// Topic `orders`, partitions 0 and 1; `billing` (with `members`) commits `committed` on 0.
    func sample(stable: Int64?, latest: Int64, committed: Int64, members: Int = 2) -> RawSample {
        RawSample(
            metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1])]),
            offsets: [
                PartitionOffsets(topicPartition: TopicPartition(topic: "orders", partition: 0), earliest: 0, latest: latest, stable: stable),
                PartitionOffsets(topicPartition: TopicPartition(topic: "orders", partition: 1), earliest: 0, latest: 50, stable: 50),
            ],
            groups: [ConsumerGroup(id: "billing", state: members == 0 ? .empty : .stable, members: members)],
            groupOffsets: [RawSamples.committed("billing", "orders", [0: committed])])
    }

    /// Samples 10 s apart from t = 1000; returns the last snapshot.
    func run(_ samples: [RawSample], options: SnapshotOptions? = nil) -> ClusterSnapshot {
        var builder = SnapshotBuilder(build: RawSamples.build, options: options ?? self.options)
        var last = ClusterSnapshot(build: RawSamples.build, clusterID: nil, controllerID: nil, brokers: [], topics: [], groups: [], health: .initial)
        for (step, sample) in samples.enumerated() { last = builder.record(sample, at: 1_000 + Double(step) * 10) }
        return last
    }

    func billing(_ snapshot: ClusterSnapshot) -> GroupPartitionReport? { snapshot.group("billing")?.topics.first?.partitions.first }

    @Test("each partition carries its LSO and open-transaction age; hanging ones are counted per topic and cluster")
    func partitionsAndCounts() throws {
        let held = Array(repeating: sample(stable: 36, latest: 40, committed: 36), count: 3)
        let snapshot = run(held)
        let partitions = try #require(snapshot.topics.first?.partitions)
        #expect(partitions.map(\.stable) == [36, 50])
        #expect(partitions.map(\.openTransactionSeconds) == [20, 0])
        #expect(partitions.map(\.hangingTransaction) == [true, false])
        #expect(snapshot.topics.first?.hangingTransactionPartitions == 1)
        #expect(snapshot.hangingTransactionPartitions == 1)
        #expect(run(Array(held.prefix(2))).hangingTransactionPartitions == 0, "10 s open is under the 20 s threshold")
    }

    @Test("without any known LSO the counts are unknown, not 0, and no partition has an age")
    func unknownLSO() throws {
        var unread = sample(stable: nil, latest: 40, committed: 36)
        unread.offsets = unread.offsets.map { var offsets = $0; offsets.stable = nil; return offsets }
        let snapshot = run([unread])
        #expect(snapshot.topics.first?.partitions.allSatisfy { $0.stable == nil && $0.openTransactionSeconds == nil } == true)
        #expect(snapshot.topics.first?.hangingTransactionPartitions == nil)
        #expect(snapshot.hangingTransactionPartitions == nil)
    }

    @Test("a group waiting at the LSO behind an open transaction is ok, caught up in time, and keeps its lag to the high watermark")
    func waitingAtLSOIsCaughtUp() throws {
        let snapshot = run(Array(repeating: sample(stable: 36, latest: 40, committed: 36), count: 4))
        let partition = try #require(billing(snapshot))
        #expect(partition.status == .ok)
        #expect(partition.lag == .known(4), "kafka_exporter's lag: high watermark minus committed")
        #expect(partition.lagSeconds == .caughtUp)
        #expect(snapshot.group("billing")?.status == .ok)
    }

    @Test("without members, a group waiting at the LSO is not stopped either")
    func waitingWithoutMembersIsNotStopped() {
        let snapshot = run(Array(repeating: sample(stable: 36, latest: 40, committed: 36, members: 0), count: 4))
        #expect(billing(snapshot)?.status == .ok)
    }

    @Test("a group frozen below the LSO still stalls: the transaction excuses only what it holds back")
    func frozenBelowLSOStalls() {
        let samples = (0..<3).map { step in sample(stable: 36 + Int64(step), latest: 40 + Int64(step), committed: 30) }
        let partition = billing(run(samples))
        #expect(partition?.status == .stall)
        #expect(partition?.lagSeconds?.method != .caughtUp)
    }

    @Test("when the LSO cannot be read the group is judged against the high watermark, as before")
    func unknownLSOJudgesAgainstHighWatermark() {
        let snapshot = run(Array(repeating: sample(stable: nil, latest: 40, committed: 36), count: 3))
        #expect(billing(snapshot)?.status == .stall)
    }
}
