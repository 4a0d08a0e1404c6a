import PulseCore

struct LagClampsFamily: MetricFamily {
    let name = "kafka_pulse_lag_clamps_total"
    let help = "Lags exported as 0 because the committed offset was ahead of the log-end offset read after it."
    let type = MetricType.counter

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        writer.series(name, context.snapshot.health.lagClampsTotal)
    }
}
