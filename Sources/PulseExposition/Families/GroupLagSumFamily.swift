import PulseCore

struct GroupLagSumFamily: MetricFamily {
    let name = "kafka_consumergroup_lag_sum"
    let help = "Lag of the consumer group summed over the topic's partitions whose lag is known."
    let type = MetricType.untyped

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            for topic in group.topics {
                guard let lagSum = topic.lagSum else { continue }
                writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                writer.endSeries(lagSum)
            }
        }
    }
}
