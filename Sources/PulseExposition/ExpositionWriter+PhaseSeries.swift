import PulseCore

extension ExpositionWriter {
    /// One `{phase="…"}` series per phase the last sample ran, in label order; `end` writes the
    /// value from the phase's report. Looking phases up in label order (rather than walking
    /// `lastPhases`) sorts the series and guarantees at most one per phase even if a report were
    /// duplicated; a phase the last sample never reached has no series.
    mutating func writePhaseSeries(
        _ name: String, _ context: RenderContext, end: (inout ExpositionWriter, PhaseReport) -> Void
    ) {
        for phase in SamplePhase.inLabelOrder {
            guard let report = context.snapshot.health.lastPhases.first(where: { $0.phase == phase }) else { continue }
            beginSeries(name)
            label("phase", phase.rawValue)
            end(&self, report)
        }
    }
}
