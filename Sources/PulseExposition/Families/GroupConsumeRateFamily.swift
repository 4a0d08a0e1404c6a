import PulseCore

struct GroupConsumeRateFamily: MetricFamily {
    let name = "kafka_consumergroup_consume_rate"
    let help = "Messages per second by which the group's committed offsets on the topic advance, over the rate window; absent before two observations."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            for topic in group.topics {
                guard let rate = topic.consumeRate else { continue }
                writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                writer.endSeries(rate)
            }
        }
    }
}
