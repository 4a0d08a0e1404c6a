extension PartitionReport {
    /// No leader: nobody can produce to or consume from the partition.
    public var isOffline: Bool { leader == nil }

    /// Fewer in-sync replicas than replicas.
    public var isUnderReplicated: Bool { inSyncReplicas.count < replicas.count }

    /// The leader is the first replica, the one Kafka's preferred-leader election moves it back to.
    public var leaderIsPreferred: Bool { leader != nil && leader == replicas.first }

    /// Fewer in-sync replicas than `min.insync.replicas`: producers with acks=all fail here.
    /// nil while the topic's config is unknown.
    public func isUnderMinInsyncReplicas(_ config: TopicConfig?) -> Bool? {
        guard let minimum = config?.minInsyncReplicas else { return nil }
        return inSyncReplicas.count < minimum
    }
}
