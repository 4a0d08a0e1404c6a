import PulseCore

struct SamplePhaseDurationFamily: MetricFamily {
    let name = "kafka_pulse_sample_phase_duration_seconds"
    let help = "How long each phase of the last sample took, in seconds."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Looking phases up in label order (rather than walking `lastPhases`) sorts the series and
        // guarantees at most one per phase even if a report were duplicated.
        for phase in SamplePhase.inLabelOrder {
            guard let report = context.snapshot.health.lastPhases.first(where: { $0.phase == phase }) else { continue }
            writer.beginSeries(name)
            writer.label("phase", phase.rawValue)
            writer.endSeries(report.durationSeconds)
        }
    }
}
