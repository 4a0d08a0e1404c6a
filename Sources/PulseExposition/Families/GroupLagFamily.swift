import PulseCore

struct GroupLagFamily: MetricFamily {
    let name = "kafka_consumergroup_lag"
    let help = "Messages the group has yet to consume on the partition: log-end minus committed offset."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Per-partition group series are the page's largest; the per-topic sum stays either way.
        guard context.snapshot.options.groupPartitionSeries else { return }
        for group in context.snapshot.groups {
            for topic in group.topics {
                for partition in topic.partitions {
                    // Unknown lag is no series rather than 0, so alerts see a gap, not a healthy group.
                    guard let lag = partition.lag.value else { continue }
                    writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                    writer.label("partition", partition.partition)
                    writer.endSeries(lag)
                }
            }
        }
    }
}
