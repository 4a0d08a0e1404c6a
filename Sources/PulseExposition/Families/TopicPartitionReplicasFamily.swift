import PulseCore

struct TopicPartitionReplicasFamily: MetricFamily {
    let name = "kafka_topic_partition_replicas"
    let help = "Number of replicas assigned to the partition."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(partition.replicas.count)
            }
        }
    }
}
