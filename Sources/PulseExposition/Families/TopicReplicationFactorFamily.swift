import PulseCore

struct TopicReplicationFactorFamily: MetricFamily {
    let name = "kafka_topic_replication_factor"
    let help = "Most replicas any partition of the topic has, from the partition layout."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(topic.replicationFactor)
        }
    }
}
