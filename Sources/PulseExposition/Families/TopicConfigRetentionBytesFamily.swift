import PulseCore

struct TopicConfigRetentionBytesFamily: MetricFamily {
    let name = "kafka_topic_config_retention_bytes"
    let help = "The topic's retention.bytes (per partition); absent when retention by size is off or the config is unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            guard let bytes = topic.config?.retentionBytes else { continue }
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(bytes)
        }
    }
}
