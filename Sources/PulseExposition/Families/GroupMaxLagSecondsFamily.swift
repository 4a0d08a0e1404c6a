import PulseCore

struct GroupMaxLagSecondsFamily: MetricFamily {
    let name = "kafka_consumergroup_max_lag_seconds"
    let help = "The largest lag in seconds over the topic's partitions that have one: the age of the group's oldest unconsumed message on the topic."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            for topic in group.topics {
                guard let seconds = topic.maxLagSeconds else { continue }
                writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                writer.endSeries(seconds)
            }
        }
    }
}
