import PulseCore

struct WorkerRestartsFamily: MetricFamily {
    let name = "kafka_pulse_worker_restarts_total"
    let help = "Times the Kafka worker process was restarted since the exporter started."
    let type = MetricType.counter

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        writer.series(name, context.snapshot.health.workerRestartsTotal)
    }
}
