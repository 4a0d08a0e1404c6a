import PulseCore

struct UpFamily: MetricFamily {
    let name = "kafka_pulse_up"
    let help = "1 when the last sample read the cluster metadata and every phase completed, 0 when any part failed."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        writer.series(name, context.snapshot.health.up)
    }
}
