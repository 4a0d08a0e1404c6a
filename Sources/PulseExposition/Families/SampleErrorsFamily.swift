import PulseCore

struct SampleErrorsFamily: MetricFamily {
    let name = "kafka_pulse_sample_errors_total"
    let help = "Samples in which the phase failed wholly or partly, since the exporter started."
    let type = MetricType.counter

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Every phase from the first scrape on, 0 included, so rate() and increase() see the first error.
        for phase in SamplePhase.inLabelOrder {
            writer.beginSeries(name)
            writer.label("phase", phase.rawValue)
            writer.endSeries(context.snapshot.health.sampleErrorsTotal[phase, default: 0])
        }
    }
}
