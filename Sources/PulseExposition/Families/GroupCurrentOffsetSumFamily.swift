import PulseCore

struct GroupCurrentOffsetSumFamily: MetricFamily {
    let name = "kafka_consumergroup_current_offset_sum"
    let help = "Sum of the offsets the consumer group has committed over the topic's partitions."
    let type = MetricType.untyped

    func write(_ snapshot: ClusterSnapshot, into writer: inout ExpositionWriter) {
        for group in snapshot.groups {
            for topic in group.topics {
                writer.beginSeries(name)
                writer.label("consumergroup", group.id)
                writer.label("topic", topic.topic)
                writer.endSeries(topic.committedSum)
            }
        }
    }
}
