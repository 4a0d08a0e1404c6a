import PulseCore

struct SamplePhaseDeniedFamily: MetricFamily {
    let name = "kafka_pulse_sample_phase_denied"
    let help = "1 when Kafka refused the phase of the last sample for a missing ACL (an authorization error), else 0."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Like kafka_pulse_sample_success: only phases that ran, so a 0 means "ran and was allowed".
        for phase in SamplePhase.inLabelOrder {
            guard let report = context.snapshot.health.lastPhases.first(where: { $0.phase == phase }) else { continue }
            writer.beginSeries(name)
            writer.label("phase", phase.rawValue)
            writer.endSeries(report.denial != nil)
        }
    }
}
