import PulseCore

struct TopicPartitionsFamily: MetricFamily {
    let name = "kafka_topic_partitions"
    let help = "Number of partitions of the topic."
    let type = MetricType.gauge

    func write(_ snapshot: ClusterSnapshot, into writer: inout ExpositionWriter) {
        for topic in snapshot.topics {
            writer.beginSeries(name)
            writer.label("topic", topic.name)
            writer.endSeries(topic.partitions.count)
        }
    }
}
