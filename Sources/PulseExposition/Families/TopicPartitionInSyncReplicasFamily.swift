import PulseCore

struct TopicPartitionInSyncReplicasFamily: MetricFamily {
    let name = "kafka_topic_partition_in_sync_replica"
    let help = "Number of the partition's replicas that are in sync with its leader."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(partition.inSyncReplicas.count)
            }
        }
    }
}
