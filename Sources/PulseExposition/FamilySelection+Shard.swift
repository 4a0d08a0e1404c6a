public import PulseCore

extension FamilySelection {
    /// Name prefixes of the families that describe the cluster as a whole (brokers, topics,
    /// partitions, topic configs, the cluster itself) rather than a consumer group or the exporter.
    static let clusterWidePrefixes = ["kafka_broker", "kafka_cluster_", "kafka_topic_"]

    static func isClusterWide(_ name: String) -> Bool {
        clusterWidePrefixes.contains { name.hasPrefix($0) }
    }

    /// The selection for this replica's shard: without the cluster-wide families unless it is the
    /// replica that exports them, so each of their series exists once across replicas and never in
    /// part (its worker does not read them either). Applied per sample: in group mode offsets
    /// partition 0, and with it the cluster-wide families, moves between replicas.
    public func limited(to shard: ShardAssignment) -> FamilySelection {
        guard !shard.exportsClusterWide else { return self }
        return FamilySelection(families: families.filter { !Self.isClusterWide($0.name) }, warnings: warnings)
    }
}
