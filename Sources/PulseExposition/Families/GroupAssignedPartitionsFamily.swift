import PulseCore

struct GroupAssignedPartitionsFamily: MetricFamily {
    let name = "kafka_consumergroup_assigned_partitions"
    let help = "Partitions of the topic assigned to the group's members; absent when the group could not be described."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            for topic in group.topics {
                guard let assigned = topic.assignedPartitions else { continue }
                writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                writer.endSeries(assigned)
            }
        }
    }
}
