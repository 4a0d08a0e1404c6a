/// `--shard.group NAME`: the replicas join Kafka consumer group NAME and each exports the groups of
/// the `__consumer_offsets` partitions Kafka's group coordinator assigned it. Kafka does the
/// assignment and the failover; kafka-pulse keeps no membership of its own.
public struct ShardGroup: Hashable, Sendable, Codable {
    /// The consumer group the replicas share.
    public var name: String
    /// How long the coordinator waits for a replica that stopped heartbeating (hung, partitioned,
    /// killed with its worker) before its shards move. A clean stop leaves the group at once.
    public var sessionTimeout: Duration

    public init(name: String, sessionTimeout: Duration = .seconds(10)) {
        self.name = name
        self.sessionTimeout = sessionTimeout
    }

    /// The topic whose partitions are the shards.
    public static let offsetsTopic = "__consumer_offsets"
    /// Kafka's `group.min.session.timeout.ms` default; a shorter one is refused by the broker.
    public static let minimumSessionTimeout = Duration.seconds(6)
}
