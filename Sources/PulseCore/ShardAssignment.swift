/// Which share of the consumer groups this replica exports (`--shard.total N --shard.index I`).
///
/// The shard of a group is the `__consumer_offsets` partition Kafka itself keeps it in on a
/// default cluster: `abs(groupId.hashCode()) % 50`, Kafka's `GroupMetadataManager.partitionFor`.
/// That is a stable function of the group id alone (every replica computes the same answer with
/// no coordination), it spreads groups the way Kafka already spreads them over the brokers, and
/// it is the unit a later `--shard.group` mode can hand out through Kafka's group protocol: a
/// replica would own a set of offsets partitions instead of every N-th one.
/// Replica `index` owns the offsets partitions `p` with `p % total == index`.
public struct ShardAssignment: Hashable, Sendable, Codable {
    /// `offsets.topic.num.partitions`' default. A cluster configured otherwise still gets every group
    /// exported exactly once; only the link to the real offsets partition is lost.
    public static let offsetsPartitionCount = 50

    public let total: Int
    public let index: Int

    /// Everything, as without sharding.
    public static let whole = ShardAssignment(checkedTotal: 1, index: 0)

    public init(total: Int, index: Int) throws(ShardError) {
        guard total >= 1, total <= Self.offsetsPartitionCount else { throw ShardError.totalOutOfRange(total) }
        guard index >= 0, index < total else { throw ShardError.indexOutOfRange(index, total: total) }
        self.init(checkedTotal: total, index: index)
    }

    private init(checkedTotal total: Int, index: Int) {
        self.total = total
        self.index = index
    }

    public var isSharded: Bool { total > 1 }

    /// Brokers, topics, partitions, topic configs and the cluster's own families: one replica
    /// exports them, so no series exists twice and none exists in part.
    public var exportsClusterWide: Bool { index == 0 }

    /// The offsets partitions this replica owns, in order.
    public var ownedOffsetsPartitions: [Int] {
        Array(stride(from: index, to: Self.offsetsPartitionCount, by: total))
    }

    public func owns(group id: String) -> Bool {
        Self.offsetsPartition(of: id) % total == index
    }

    /// Kafka's `Utils.abs(groupId.hashCode()) % 50`. `Utils.abs` maps `Int.min` to 0, where Java's
    /// `Math.abs` would stay negative.
    public static func offsetsPartition(of groupID: String) -> Int {
        let hash = javaStringHashCode(groupID)
        let positive = hash == Int32.min ? 0 : Int(hash.magnitude)
        return positive % offsetsPartitionCount
    }

    /// Java's `String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, wrapping
    /// at 32 bits.
    public static func javaStringHashCode(_ string: String) -> Int32 {
        var hash: Int32 = 0
        for unit in string.utf16 {
            hash = hash &* 31 &+ Int32(unit)
        }
        return hash
    }

    /// A StatefulSet pod's ordinal: the digits after the last `-` of its hostname (`pulse-2` → 2),
    /// as kube-state-metrics reads it. Nil when the hostname does not end in `-<digits>`. Only the
    /// first label counts: Foundation may answer the pod's fully qualified name
    /// (`pulse-2.pulse.monitoring.svc.cluster.local`).
    public static func ordinal(fromHostname hostname: String) -> Int? {
        let name = hostname.prefix { $0 != "." }
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let digits = name[name.index(after: dash)...]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }
}

/// A sharding flag that cannot work, as one line naming the flag.
public struct ShardError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String

    static func totalOutOfRange(_ total: Int) -> ShardError {
        ShardError(
            description:
                "--shard.total \(total): must be between 1 and \(ShardAssignment.offsetsPartitionCount) (a shard is one __consumer_offsets partition)")
    }

    static func indexOutOfRange(_ index: Int, total: Int) -> ShardError {
        ShardError(description: "--shard.index \(index): must be between 0 and \(total - 1) (--shard.total \(total))")
    }
}
