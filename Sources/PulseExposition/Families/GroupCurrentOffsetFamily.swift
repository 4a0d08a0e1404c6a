import PulseCore

struct GroupCurrentOffsetFamily: MetricFamily {
    let name = "kafka_consumergroup_current_offset"
    let help = "Offset the consumer group has committed on the partition (the next message it will read)."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Per-partition group series are the page's largest; the per-topic sum stays either way.
        guard context.snapshot.options.groupPartitionSeries else { return }
        for group in context.snapshot.groups {
            for topic in group.topics {
                for partition in topic.partitions {
                    writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                    writer.label("partition", partition.partition)
                    writer.endSeries(partition.committed)
                }
            }
        }
    }
}
