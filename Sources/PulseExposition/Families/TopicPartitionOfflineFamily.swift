import PulseCore

struct TopicPartitionOfflineFamily: MetricFamily {
    let name = "kafka_topic_partition_offline"
    let help = "1 when the partition has no leader, so nothing can be produced to or consumed from it; 0 otherwise."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(partition.isOffline)
            }
        }
    }
}
