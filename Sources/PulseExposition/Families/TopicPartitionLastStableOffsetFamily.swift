import PulseCore

struct TopicPartitionLastStableOffsetFamily: MetricFamily {
    let name = "kafka_topic_partition_last_stable_offset"
    let help =
        "Last stable offset: the first offset of the oldest open transaction, the high watermark when none is open; read_committed consumers cannot read past it. Absent while unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                guard let stable = partition.stable else { continue }
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(stable)
            }
        }
    }
}
