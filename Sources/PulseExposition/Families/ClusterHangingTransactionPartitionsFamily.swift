import PulseCore

struct ClusterHangingTransactionPartitionsFamily: MetricFamily {
    let name = "kafka_cluster_hanging_transaction_partitions"
    let help = "Partitions whose open transaction is older than --transaction.hanging-after, over the exported topics with a known last stable offset."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Present, 0 included, once any last stable offset is known, so that an alert on it needs
        // no count(); absent before that (kafka_pulse_sample_success{phase="stable_offsets"} says
        // why), because an unknown count is not a 0.
        guard let count = context.snapshot.hangingTransactionPartitions else { return }
        writer.series(name, count)
    }
}
