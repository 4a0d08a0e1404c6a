import PulseCore

struct SamplePhaseDeniedFamily: MetricFamily {
    let name = "kafka_pulse_sample_phase_denied"
    let help = "1 when Kafka refused the phase of the last sample for a missing ACL (an authorization error), else 0."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Like kafka_pulse_sample_success: only phases that ran, so a 0 means "ran and was allowed".
        writer.writePhaseSeries(name, context) { writer, report in writer.endSeries(report.denial != nil) }
    }
}
