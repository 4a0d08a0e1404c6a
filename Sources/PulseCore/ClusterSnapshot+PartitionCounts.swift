/// The cluster-wide partition counts, in one place for the page and the in-process alerting, so
/// an alert can never judge a different number than the series it is named after shows.
extension ClusterSnapshot {
    /// Partitions with fewer in-sync replicas than replicas, over the topics in scope.
    public var underReplicatedPartitions: Int { topics.reduce(0) { $0 + $1.underReplicatedPartitions } }

    /// Partitions without a leader, over the topics in scope.
    public var offlinePartitions: Int { topics.reduce(0) { $0 + $1.offlinePartitions } }

    /// Partitions under `min.insync.replicas` over the topics whose config is known; nil while no
    /// topic's is (an unknown count is not a 0).
    public var underMinInsyncPartitions: Int? {
        var count: Int?
        for topic in topics {
            if let underMin = topic.underMinInsyncPartitions { count = (count ?? 0) + underMin }
        }
        return count
    }

    /// Partitions with a hanging transaction over the topics where some LSO is known; nil while
    /// none is (the read_committed ListOffsets failed or was refused).
    public var hangingTransactionPartitions: Int? {
        var count: Int?
        for topic in topics {
            if let hanging = topic.hangingTransactionPartitions { count = (count ?? 0) + hanging }
        }
        return count
    }
}
