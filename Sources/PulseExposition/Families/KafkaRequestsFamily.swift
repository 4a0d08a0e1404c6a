import PulseCore

struct KafkaRequestsFamily: MetricFamily {
    let name = "kafka_pulse_kafka_requests"
    let help = "Kafka protocol requests the last sample sent, by API (for example ListOffsets)."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        let requests = context.snapshot.health.requestsLastSample
        // A dictionary has no order; sorting a handful of API names once per sample is cheap.
        for api in requests.keys.sorted() {
            writer.beginSeries(name)
            writer.label("api", api)
            writer.endSeries(requests[api, default: 0])
        }
    }
}
