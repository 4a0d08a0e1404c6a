import PulseCore

struct GroupRetentionMarginFamily: MetricFamily {
    let name = "kafka_consumergroup_retention_margin_seconds"
    let help = "Topic retention time minus the group's largest lag in seconds on it: time left before retention deletes unconsumed messages (negative when overdue); absent without retention by time."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            for topic in group.topics {
                guard let seconds = topic.retentionMarginSeconds else { continue }
                writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                writer.endSeries(seconds)
            }
        }
    }
}
