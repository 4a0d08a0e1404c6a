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
        // under min ISR; and the optional produce rate.
        let partitionSeries = 8 + (options.partitionProduceRates ? 1 : 0)
        for topic in snapshot.topics {
            // Partitions, replication factor, three health counts, four config series, produce rate;
            // the config info line also carries the cleanup policy.
            let topicBytes = line + topic.name.utf8.count
            size += 10 * topicBytes + 32
            size += partitionSeries * topic.partitions.count * topicBytes
        }
        let groupPartitionSeries = options.groupPartitionSeries ? 2 : 0
        for group in snapshot.groups {
            let groupBytes = line + group.id.utf8.count
            // Members, info (with the assignor's name), and one state series per state.
            size += (2 + GroupState.allCases.count) * groupBytes + (group.assignor?.utf8.count ?? 0)
            for topic in group.topics {
                // Two sums, assigned partitions and consume rate per topic; current offset and lag
                // per partition.
                let series = groupPartitionSeries * topic.partitions.count + 4
                size += series * (groupBytes + topic.topic.utf8.count)
            }
        }
        return size
    }

    /// HELP/TYPE headers of every family (about 9 KiB) plus the self-metrics (about 2.5 KiB), which
    /// do not grow with the cluster; rounded up so that a few more families need no change here.
    private static let fixedPart = 16 * 1024
}
