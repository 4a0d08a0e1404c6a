import PulseCore

struct TopicPartitionLeaderFamily: MetricFamily {
    let name = "kafka_topic_partition_leader"
    let help = "Broker id of the partition's leader; absent while the partition has no leader."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                // No leader is not broker 0 (a valid id) nor -1 (Kafka's wire value): it is offline,
                // which kafka_topic_partition_offline says.
                guard let leader = partition.leader else { continue }
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(Int64(leader))
            }
        }
    }
}
