import PulseCore

struct BrokersFamily: MetricFamily {
    let name = "kafka_brokers"
    let help = "Number of brokers in the cluster metadata."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // A cluster always has a broker; none means metadata was never read, and 0 would be a lie.
        guard !context.snapshot.brokers.isEmpty else { return }
        writer.series(name, context.snapshot.brokers.count)
    }
}
