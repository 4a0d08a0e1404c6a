import PulseCore

struct BuildInfoFamily: MetricFamily {
    let name = "kafka_pulse_build_info"
    let help = "Always 1; labels give the kafka-pulse version and the librdkafka version it runs with."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        writer.beginSeries(name)
        writer.label("version", context.snapshot.build.version)
        writer.label("librdkafka_version", context.snapshot.build.librdkafkaVersion)
        writer.endSeries(1)
    }
}
