import PulseCore

extension ExpositionRenderer {
    /// A generous guess at the page size, so that the first render allocates once instead of
    /// doubling its way up. Counts series per area and charges each its name, labels and value;
    /// it walks topics and group topics but not partitions, so it costs nothing next to rendering.
    static func estimatedSize(of snapshot: ClusterSnapshot) -> Int {
        // Metric name, label names, punctuation and a 20-digit value: the fixed part of a line.
        let line = 96
        let options = snapshot.options
        // Info (address, rack, controller flag), leader partitions, replica partitions.
        var size = fixedPart + snapshot.brokers.count * 3 * (line + 48)
        // Offsets, leader, replicas, in-sync replicas, preferred, under-replicated, offline,
        // under min ISR, last stable offset, open transaction age; and the optional produce rate.
        let partitionSeries = 10 + (options.partitionProduceRates ? 1 : 0)
        for topic in snapshot.topics {
            // Partitions, replication factor, four health counts, four config series, produce rate;
            // the config info line also carries the cleanup policy.
            let topicBytes = line + topic.name.utf8.count
            size += 11 * topicBytes + 32
            size += partitionSeries * topic.partitions.count * topicBytes
        }
        // Current offset, lag and lag in seconds; and one series per status when switched on.
        let groupPartitionSeries =
            (options.groupPartitionSeries ? 3 : 0) + (options.partitionStatusSeries ? ConsumerStatus.allCases.count : 0)
        // Two sums, assigned partitions, consume rate, max lag in seconds, catch-up time, retention
        // margin, partitions below log start, and one lag-in-seconds estimate count per method.
        let groupTopicSeries = 8 + LagTimeEstimate.Method.allCases.count
        for group in snapshot.groups {
            let groupBytes = line + group.id.utf8.count
            // Members, info (with the assignor's name), one state series per state and one status
            // series per status.
            size += (2 + GroupState.allCases.count + ConsumerStatus.allCases.count) * groupBytes + (group.assignor?.utf8.count ?? 0)
            for topic in group.topics {
                let series = groupPartitionSeries * topic.partitions.count + groupTopicSeries
                size += series * (groupBytes + topic.topic.utf8.count)
            }
        }
        return size
    }

    /// HELP/TYPE headers of every family (about 11 KiB) plus the self-metrics (about 2.5 KiB), which
    /// do not grow with the cluster; rounded up so that a few more families need no change here.
    private static let fixedPart = 16 * 1024
}
