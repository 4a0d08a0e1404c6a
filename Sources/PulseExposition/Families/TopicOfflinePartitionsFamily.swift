import PulseCore

struct TopicOfflinePartitionsFamily: MetricFamily {
    let name = "kafka_topic_offline_partitions"
    let help = "Partitions of the topic without a leader."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(topic.offlinePartitions)
        }
    }
}
