import PulseCore

struct TopicConfigInfoFamily: MetricFamily {
    let name = "kafka_topic_config_info"
    let help = "Always 1 for each topic whose config was read; the cleanup_policy label gives its cleanup.policy."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            guard let config = topic.config else { continue }
            writer.beginTopicSeries(name, topic: topic.name)
            writer.label("cleanup_policy", config.cleanupPolicy ?? "")
            writer.endSeries(1)
        }
    }
}
