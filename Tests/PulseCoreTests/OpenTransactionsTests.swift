import PulseCore
import Testing

/// The age of a partition's oldest open transaction, from successive samples of its last stable
/// offset (LSO) and high watermark.
@Suite("Open transactions: how long the last stable offset is held below the high watermark")
struct OpenTransactionsTests {
    static let orders0 = TopicPartition(topic: "orders", partition: 0)
    static let orders1 = TopicPartition(topic: "orders", partition: 1)

    static func offsets(_ partition: TopicPartition = orders0, stable: Int64?, latest: Int64?) -> PartitionOffsets {
        PartitionOffsets(topicPartition: partition, earliest: 0, latest: latest, stable: stable)
    }

    /// Records one sample of `orders/0` and returns its age at that sample.
    static func step(_ tracker: inout OpenTransactions, at seconds: Double, stable: Int64?, latest: Int64?) -> Double? {
        let found = offsets(stable: stable, latest: latest)
        tracker.record(at: seconds, partitions: [orders0], offsets: [orders0: found])
        return tracker.openSeconds(orders0, offsets: found, at: seconds)
    }

    @Test("an LSO at the high watermark is no open transaction: 0")
    func nothingOpen() {
        var tracker = OpenTransactions()
        #expect(Self.step(&tracker, at: 0, stable: 40, latest: 40) == 0)
        #expect(Self.step(&tracker, at: 10, stable: 55, latest: 55) == 0)
        #expect(tracker.count == 0)
    }

    @Test("an LSO held at one offset below the high watermark ages from the first sample that saw it")
    func heldLSOAges() {
        var tracker = OpenTransactions()
        #expect(Self.step(&tracker, at: 100, stable: 36, latest: 40) == 0)
        // The producer keeps writing inside the transaction: the high watermark moves, the LSO not.
        #expect(Self.step(&tracker, at: 110, stable: 36, latest: 44) == 10)
        #expect(Self.step(&tracker, at: 130, stable: 36, latest: 44) == 30)
        #expect(tracker.count == 1)
    }

    @Test("an LSO that moves (a busy transactional producer) restarts the age each time")
    func movingLSORestarts() {
        var tracker = OpenTransactions()
        #expect(Self.step(&tracker, at: 0, stable: 10, latest: 14) == 0)
        #expect(Self.step(&tracker, at: 10, stable: 20, latest: 25) == 0)
        #expect(Self.step(&tracker, at: 20, stable: 20, latest: 30) == 10)
        #expect(Self.step(&tracker, at: 30, stable: 31, latest: 33) == 0)
    }

    @Test("the transaction ends (committed or aborted: the LSO reaches the high watermark): 0, and a later one starts from 0")
    func endedThenNewOne() {
        var tracker = OpenTransactions()
        _ = Self.step(&tracker, at: 0, stable: 36, latest: 40)
        #expect(Self.step(&tracker, at: 50, stable: 36, latest: 40) == 50)
        #expect(Self.step(&tracker, at: 60, stable: 41, latest: 41) == 0)
        #expect(tracker.count == 0)
        #expect(Self.step(&tracker, at: 70, stable: 41, latest: 45) == 0)
        #expect(Self.step(&tracker, at: 80, stable: 41, latest: 45) == 10)
    }

    @Test("an LSO read ahead of the high watermark (a transaction ended between the two requests) is nothing open")
    func lsoAheadOfHighWatermark() {
        var tracker = OpenTransactions()
        _ = Self.step(&tracker, at: 0, stable: 36, latest: 40)
        #expect(Self.step(&tracker, at: 10, stable: 42, latest: 40) == 0)
        #expect(tracker.count == 0)
    }

    @Test("an unknown LSO or high watermark has no age, and does not restart the age of a held LSO")
    func unknownKeepsAge() {
        var tracker = OpenTransactions()
        _ = Self.step(&tracker, at: 0, stable: 36, latest: 40)
        #expect(Self.step(&tracker, at: 10, stable: nil, latest: 40) == nil)
        #expect(Self.step(&tracker, at: 20, stable: 36, latest: nil) == nil)
        #expect(tracker.openSeconds(Self.orders0, offsets: nil, at: 20) == nil)
        #expect(Self.step(&tracker, at: 30, stable: 36, latest: 40) == 30)
    }

    @Test("partitions the metadata no longer lists are forgotten; a recreated one starts from 0")
    func prunedToListedPartitions() {
        var tracker = OpenTransactions()
        let both = [Self.orders0: Self.offsets(stable: 5, latest: 9), Self.orders1: Self.offsets(Self.orders1, stable: 7, latest: 8)]
        tracker.record(at: 0, partitions: [Self.orders0, Self.orders1], offsets: both)
        #expect(tracker.count == 2)
        tracker.record(at: 10, partitions: [Self.orders1], offsets: [Self.orders1: both[Self.orders1] ?? Self.offsets(stable: nil, latest: nil)])
        #expect(tracker.count == 1)
        tracker.record(at: 20, partitions: [Self.orders0, Self.orders1], offsets: both)
        #expect(tracker.openSeconds(Self.orders0, offsets: both[Self.orders0], at: 20) == 0)
        #expect(tracker.openSeconds(Self.orders1, offsets: both[Self.orders1], at: 20) == 20)
    }

    @Test("hanging from the threshold on, never at 0")
    func hangingThreshold() {
        let rules = TransactionRules(hangingAfterSeconds: 300)
        #expect(!rules.isHanging(openSeconds: 299))
        #expect(rules.isHanging(openSeconds: 300))
        #expect(!TransactionRules(hangingAfterSeconds: 0).isHanging(openSeconds: 0))
    }
}
