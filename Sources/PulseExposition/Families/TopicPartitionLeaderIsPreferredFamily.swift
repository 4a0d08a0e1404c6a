import PulseCore

struct TopicPartitionLeaderIsPreferredFamily: MetricFamily {
    let name = "kafka_topic_partition_leader_is_preferred"
    let help = "1 when the partition is led by its preferred (first-listed) replica, 0 otherwise or when it has no leader."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(partition.leaderIsPreferred)
            }
        }
    }
}
