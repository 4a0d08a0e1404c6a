import PulseCore

struct SamplePhaseDurationFamily: MetricFamily {
    let name = "kafka_pulse_sample_phase_duration_seconds"
    let help = "How long each phase of the last sample took, in seconds."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        writer.writePhaseSeries(name, context) { writer, report in writer.endSeries(report.durationSeconds) }
    }
}
