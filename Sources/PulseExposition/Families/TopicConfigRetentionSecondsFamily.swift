import PulseCore

struct TopicConfigRetentionSecondsFamily: MetricFamily {
    let name = "kafka_topic_config_retention_seconds"
    let help = "The topic's retention.ms in seconds; absent when retention by time is off or the config is unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            // nil is unlimited (retention.ms -1): no finite number says that, so no series.
            guard let milliseconds = topic.config?.retentionMilliseconds else { continue }
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(Double(milliseconds) / 1000)
        }
    }
}
