import PulseCore

struct TopicUnderReplicatedPartitionsFamily: MetricFamily {
    let name = "kafka_topic_under_replicated_partitions"
    let help = "Partitions of the topic with fewer in-sync replicas than replicas."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(topic.underReplicatedPartitions)
        }
    }
}
