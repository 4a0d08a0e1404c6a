import PulseCore

struct GroupLagSecondsFamily: MetricFamily {
    let name = "kafka_consumergroup_lag_seconds"
    let help = "Age in seconds of the oldest message the group has not consumed on the partition, estimated from the exporter's end-offset history; 0 when caught up, absent until it can be estimated."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // One of the per-partition group families the cardinality switch removes.
        guard context.snapshot.options.groupPartitionSeries else { return }
        for group in context.snapshot.groups {
            for topic in group.topics {
                for partition in topic.partitions {
                    // No estimate yet is no series, never a 0 that would read as caught up.
                    guard let lag = partition.lagSeconds else { continue }
                    writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                    writer.label("partition", partition.partition)
                    writer.endSeries(lag.seconds)
                }
            }
        }
    }
}
