import PulseCore

struct SamplesFamily: MetricFamily {
    let name = "kafka_pulse_samples_total"
    let help = "Samples of the cluster attempted since the exporter started, successful or not."
    let type = MetricType.counter

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        writer.series(name, context.snapshot.health.samplesTotal)
    }
}
