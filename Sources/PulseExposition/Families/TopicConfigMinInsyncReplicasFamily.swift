import PulseCore

struct TopicConfigMinInsyncReplicasFamily: MetricFamily {
    let name = "kafka_topic_config_min_insync_replicas"
    let help = "The topic's min.insync.replicas; absent while the config is unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            guard let minimum = topic.config?.minInsyncReplicas else { continue }
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(minimum)
        }
    }
}
