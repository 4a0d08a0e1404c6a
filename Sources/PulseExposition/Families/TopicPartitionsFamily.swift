import PulseCore

struct TopicPartitionsFamily: MetricFamily {
    let name = "kafka_topic_partitions"
    let help = "Number of partitions of the topic."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(topic.partitions.count)
        }
    }
}
