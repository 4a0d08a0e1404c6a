import PulseCore

struct ClusterUnderReplicatedPartitionsFamily: MetricFamily {
    let name = "kafka_cluster_under_replicated_partitions"
    let help = "Partitions with fewer in-sync replicas than replicas, over all exported topics."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Present, 0 included, whenever the metadata was read, so that an alert on it needs no count().
        guard !context.snapshot.brokers.isEmpty else { return }
        writer.series(name, context.snapshot.underReplicatedPartitions)
    }
}
