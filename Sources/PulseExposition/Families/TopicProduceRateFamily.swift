import PulseCore

struct TopicProduceRateFamily: MetricFamily {
    let name = "kafka_topic_produce_rate"
    let help = "Messages produced to the topic per second over the rate window; absent before two observations."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            guard let rate = topic.produceRate else { continue }
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(rate)
        }
    }
}
