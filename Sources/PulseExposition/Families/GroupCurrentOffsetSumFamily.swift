import PulseCore

struct GroupCurrentOffsetSumFamily: MetricFamily {
    let name = "kafka_consumergroup_current_offset_sum"
    let help = "Sum of the offsets the consumer group has committed over the topic's partitions."
    let type = MetricType.untyped

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            for topic in group.topics {
                // A topic the group is assigned but has never committed on has no sum: 0 would
                // claim commits at offset 0.
                guard !topic.partitions.isEmpty else { continue }
                writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                writer.endSeries(topic.committedSum)
            }
        }
    }
}
