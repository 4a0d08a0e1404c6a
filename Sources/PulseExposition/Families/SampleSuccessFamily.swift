import PulseCore

struct SampleSuccessFamily: MetricFamily {
    let name = "kafka_pulse_sample_success"
    let help = "1 when the phase of the last sample read everything it asked for, 0 when it failed wholly or partly."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Only phases that ran: a phase the last sample never reached has no success to report.
        writer.writePhaseSeries(name, context) { writer, report in writer.endSeries(report.error == nil) }
    }
}
