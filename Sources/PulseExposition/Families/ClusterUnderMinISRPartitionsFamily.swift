import PulseCore

struct ClusterUnderMinISRPartitionsFamily: MetricFamily {
    let name = "kafka_cluster_under_min_isr_partitions"
    let help = "Partitions with fewer in-sync replicas than min.insync.replicas, over the exported topics whose config is known."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Present, 0 included, once any topic's min.insync.replicas is known, so that an alert on it
        // needs no count(); absent before that, because an unknown count is not a 0. Topics whose
        // config is unknown count as nothing (kafka_pulse_sample_success{phase="topic_configs"}
        // says when configs could not be read).
        guard let count = context.snapshot.underMinInsyncPartitions else { return }
        writer.series(name, count)
    }
}
