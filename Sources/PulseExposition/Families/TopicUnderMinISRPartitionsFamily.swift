import PulseCore

struct TopicUnderMinISRPartitionsFamily: MetricFamily {
    let name = "kafka_topic_under_min_isr_partitions"
    let help = "Partitions of the topic with fewer in-sync replicas than min.insync.replicas; absent while the config is unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            guard let count = topic.underMinInsyncPartitions else { continue }
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(count)
        }
    }
}
