import PulseCore

struct TopicPartitionUnderReplicatedFamily: MetricFamily {
    let name = "kafka_topic_partition_under_replicated_partition"
    let help = "1 when the partition has fewer in-sync replicas than replicas, 0 otherwise."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(partition.isUnderReplicated)
            }
        }
    }
}
