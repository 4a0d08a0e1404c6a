import PulseCore

struct LastSuccessTimestampFamily: MetricFamily {
    let name = "kafka_pulse_last_success_timestamp_seconds"
    let help = "Unix time of the last sample that read the cluster and published fresh data (complete or partial); stops moving when nothing can be read."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // No series rather than 0: `time() - 0` would read as a 55-year-old success.
        guard let lastSuccess = context.snapshot.health.lastSuccessUnixSeconds else { return }
        writer.series(name, lastSuccess)
    }
}
