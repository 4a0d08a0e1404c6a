/// Since when each partition's last stable offset (LSO) has been held below its high watermark at
/// the same offset: the age of the partition's oldest open transaction, as successive samples can
/// date it.
///
/// Kafka does not say when a transaction began. An LSO below the high watermark is the first
/// offset of the oldest open transaction, and while the LSO stays at that offset the same
/// transaction is still open. The age is counted from the first sample that saw the LSO held
/// there, so it is short by at most one sample interval, and 0 on that first sample. A busy
/// transactional producer moves the LSO from sample to sample and its age stays near 0; a hanging
/// transaction holds it still, and its age grows until the transaction ends.
///
/// State is one entry per partition with an open transaction, pruned to the partitions the
/// sample's metadata listed, so topic churn cannot grow it.
public struct OpenTransactions: Hashable, Sendable {
    private struct Held: Hashable, Sendable {
        var stable: Int64
        var since: Double
    }

    private var held: [TopicPartition: Held] = [:]

    public init() {}

    /// Partitions whose LSO is currently held below the high watermark.
    public var count: Int { held.count }

    /// Adds one sample. A listed partition whose LSO or high watermark is unknown this time keeps
    /// its entry: one failed request must not restart the age of a hanging transaction.
    public mutating func record(at seconds: Double, partitions: Set<TopicPartition>, offsets: [TopicPartition: PartitionOffsets]) {
        held = held.filter { partitions.contains($0.key) }
        for partition in partitions {
            guard let found = offsets[partition], let stable = found.stable, let latest = found.latest else { continue }
            if stable >= latest {
                held[partition] = nil
            } else if held[partition]?.stable != stable {
                held[partition] = Held(stable: stable, since: seconds)
            }
        }
    }

    /// Seconds the partition's LSO has been held below the high watermark at its current offset:
    /// 0 when nothing is open, nil when this sample's LSO or high watermark is unknown.
    public func openSeconds(_ partition: TopicPartition, offsets: PartitionOffsets?, at now: Double) -> Double? {
        guard let stable = offsets?.stable, let latest = offsets?.latest else { return nil }
        guard stable < latest, let entry = held[partition], entry.stable == stable else { return 0 }
        return max(0, now - entry.since)
    }
}
