import PulseCore

struct TopicPartitionUnderMinISRFamily: MetricFamily {
    let name = "kafka_topic_partition_under_min_isr"
    let help = "1 when the partition has fewer in-sync replicas than the topic's min.insync.replicas (acks=all produce fails); absent while the config is unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            // Decided per topic: without min.insync.replicas no partition of it has an answer.
            guard topic.config?.minInsyncReplicas != nil else { continue }
            for partition in topic.partitions {
                guard let under = partition.isUnderMinInsyncReplicas(topic.config) else { continue }
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(under)
            }
        }
    }
}
