import PulseCore

struct GroupPartitionsBelowLogStartFamily: MetricFamily {
    let name = "kafka_consumergroup_partitions_below_log_start"
    let help = "Partitions of the topic where the group's committed offset is below the earliest offset in the log: retention deleted messages the group never consumed."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            // Topics the group has committed on; an assignment without commits has nothing to lose.
            for topic in group.topics where !topic.partitions.isEmpty {
                writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                writer.endSeries(topic.partitionsBelowLogStart)
            }
        }
    }
}
