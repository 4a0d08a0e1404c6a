import PulseCore

struct GroupPartitionStatusFamily: MetricFamily {
    let name = "kafka_consumergroup_partition_status"
    let help = "1 for the group's status on the partition after Burrow's rules and 0 for every other status; only with --group.partition-status."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Six series per group and partition: the largest family on the page, so opt-in.
        guard context.snapshot.options.partitionStatusSeries else { return }
        for group in context.snapshot.groups {
            for topic in group.topics {
                for partition in topic.partitions {
                    for status in ConsumerStatus.inLabelOrder {
                        writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                        writer.label("partition", partition.partition)
                        writer.label("status", status.rawValue)
                        writer.endSeries(status == partition.status)
                    }
                }
            }
        }
    }
}
