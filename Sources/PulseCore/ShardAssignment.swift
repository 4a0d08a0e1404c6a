/// Which share of the consumer groups this replica exports: static (`--shard.total N --shard.index I`)
/// or handed out by Kafka's group protocol (`--shard.group NAME`).
///
/// The shard of a group is the `__consumer_offsets` partition Kafka itself keeps it in:
/// `abs(groupId.hashCode()) % partitions`, Kafka's `GroupMetadataManager.partitionFor`. That is a
/// stable function of the group id alone (every replica computes the same answer with no
/// coordination), and it spreads groups the way Kafka already spreads them over the brokers. A
/// replica owns a set of offsets partitions: every N-th one in static mode, the ones its consumer
/// was assigned in group mode.
public struct ShardAssignment: Hashable, Sendable, Codable {
    /// `offsets.topic.num.partitions`' default, the shard count of static mode: a static replica
    /// cannot ask the cluster before it starts. A cluster configured otherwise still gets every group
    /// exported exactly once there; only the link to the real offsets partition is lost. Group mode
    /// uses the cluster's real count.
    public static let offsetsPartitionCount = 50

    /// How the owned partitions were decided.
    public enum Mode: Hashable, Sendable, Codable {
        /// No sharding: one process exports everything.
        case unsharded
        /// `--shard.total` and `--shard.index`.
        case fixed(total: Int, index: Int)
        /// `--shard.group NAME`: the partitions this replica's consumer in group NAME was assigned.
        case group(String)
    }

    public let mode: Mode
    /// The offsets partitions in all, the shard space. 0 in group mode when the cluster's metadata
    /// has no `__consumer_offsets`: the replica then owns nothing.
    public let partitionCount: Int
    private let owned: Set<Int>

    /// Everything, as without sharding.
    public static let whole = ShardAssignment(mode: .unsharded, partitionCount: offsetsPartitionCount, owned: Set(0..<offsetsPartitionCount))

    public init(total: Int, index: Int) throws(ShardError) {
        guard total >= 1, total <= Self.offsetsPartitionCount else { throw ShardError.totalOutOfRange(total) }
        guard index >= 0, index < total else { throw ShardError.indexOutOfRange(index, total: total) }
        guard total > 1 else {
            self = .whole
            return
        }
        self.init(
            mode: .fixed(total: total, index: index), partitionCount: Self.offsetsPartitionCount,
            owned: Set(stride(from: index, to: Self.offsetsPartitionCount, by: total)))
    }

    /// Group mode: the offsets partitions the consumer in group `name` holds right now, out of the
    /// cluster's `partitionCount`. Partitions outside the count are ignored.
    public init(group name: String, owned: some Sequence<Int>, partitionCount: Int) {
        let count = max(0, partitionCount)
        self.init(mode: .group(name), partitionCount: count, owned: Set(owned.filter { (0..<count).contains($0) }))
    }

    private init(mode: Mode, partitionCount: Int, owned: Set<Int>) {
        self.mode = mode
        self.partitionCount = partitionCount
        self.owned = owned
    }

    public var isSharded: Bool { mode != .unsharded }

    /// Brokers, topics, partitions, topic configs and the cluster's own families: exported by the
    /// replica that owns offsets partition 0, so no series exists twice and none exists in part.
    public var exportsClusterWide: Bool { owned.contains(0) }

    /// The offsets partitions this replica owns, in order.
    public var ownedOffsetsPartitions: [Int] { owned.sorted() }

    public func owns(group id: String) -> Bool {
        guard mode != .unsharded else { return true }
        guard partitionCount > 0 else { return false }
        return owned.contains(Self.offsetsPartition(of: id, partitionCount: partitionCount))
    }

    /// Kafka's `Utils.abs(groupId.hashCode()) % partitionCount`. `Utils.abs` maps `Int.min` to 0,
    /// where Java's `Math.abs` would stay negative.
    public static func offsetsPartition(of groupID: String, partitionCount: Int = offsetsPartitionCount) -> Int {
        let hash = javaStringHashCode(groupID)
        let positive = hash == Int32.min ? 0 : Int(hash.magnitude)
        return positive % max(1, partitionCount)
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
