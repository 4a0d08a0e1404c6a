import PulseCore

extension ExpositionRenderer {
    /// A generous guess at the page size, so that the first render allocates once instead of
    /// doubling its way up. Counts series per area and charges each its name, labels and value;
    /// it walks topics and group topics but not partitions, so it costs nothing next to rendering.
    static func estimatedSize(of snapshot: ClusterSnapshot) -> Int {
        // Metric name, label names, punctuation and a 20-digit value: the fixed part of a line.
        let line = 96
        var size = fixedPart + snapshot.brokers.count * (line + 48)
        for topic in snapshot.topics {
            // partitions count, plus current and oldest offset per partition.
            size += (1 + 2 * topic.partitions.count) * (line + topic.name.utf8.count)
        }
        for group in snapshot.groups {
            let groupBytes = group.id.utf8.count
            size += line + groupBytes
            for topic in group.topics {
                // current offset and lag per partition, their two sums per topic.
                let series = 2 * topic.partitions.count + 2
                size += series * (line + groupBytes + topic.topic.utf8.count)
            }
        }
        return size
    }

    /// HELP/TYPE headers of every family plus the self-metrics, which do not grow with the cluster.
    private static let fixedPart = 8 * 1024
}
