public import PulseCore

extension AlertCondition {
    /// Whether the condition reads a cluster-wide family (brokers, partitions, the controller),
    /// which only shard 0 of a sharded exporter reads in full.
    public var readsClusterWide: Bool {
        switch kind {
        case .clusterUnderReplicatedAbove, .clusterUnderMinISRAbove, .clusterOfflineAbove, .clusterHangingTransactionsAbove,
            .clusterControllerUnknown, .brokersBelowMaxWithin:
            true
        case .groupStatus, .groupStatusSeenWithin, .groupTopicLagAbove, .groupTopicLagSecondsAbove, .groupTopicRetentionMarginBelow,
            .groupTopicPartitionsBelowLogStartAbove:
            false
        }
    }
}

extension [AlertRule] {
    /// The rules a replica evaluates: the cluster-wide ones only on the replica that reads the whole
    /// cluster, so no other replica alerts twice, or on its part of the partitions.
    public func evaluated(on shard: ShardAssignment) -> [AlertRule] {
        shard.exportsClusterWide ? self : filter { !$0.condition.readsClusterWide }
    }
}
