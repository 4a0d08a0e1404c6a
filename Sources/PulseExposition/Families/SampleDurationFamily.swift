import PulseCore

struct SampleDurationFamily: MetricFamily {
    let name = "kafka_pulse_sample_duration_seconds"
    let help = "How long the last sample of the cluster took, in seconds."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        writer.series(name, context.snapshot.health.lastSampleDurationSeconds)
    }
}
