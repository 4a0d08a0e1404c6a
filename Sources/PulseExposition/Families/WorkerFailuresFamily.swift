import PulseCore

struct WorkerFailuresFamily: MetricFamily {
    let name = "kafka_pulse_worker_failures_total"
    let help = "Samples lost because the Kafka worker process crashed, timed out or answered garbage, by reason."
    let type = MetricType.counter

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Every reason from the first scrape on, 0 included, so rate() and increase() see the first failure.
        for kind in WorkerFailure.Kind.inLabelOrder {
            writer.beginSeries(name)
            writer.label("reason", kind.rawValue)
            writer.endSeries(context.snapshot.health.workerFailuresTotal[kind, default: 0])
        }
    }
}
