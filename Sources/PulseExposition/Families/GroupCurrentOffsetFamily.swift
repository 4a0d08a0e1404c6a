import PulseCore

struct GroupCurrentOffsetFamily: MetricFamily {
    let name = "kafka_consumergroup_current_offset"
    let help = "Offset the consumer group has committed on the partition (the next message it will read)."
    let type = MetricType.gauge

    func write(_ snapshot: ClusterSnapshot, into writer: inout ExpositionWriter) {
        for group in snapshot.groups {
            for topic in group.topics {
                for partition in topic.partitions {
                    writer.beginSeries(name)
                    writer.label("consumergroup", group.id)
                    writer.label("topic", topic.topic)
                    writer.label("partition", partition.partition)
                    writer.endSeries(partition.committed)
                }
            }
        }
    }
}
