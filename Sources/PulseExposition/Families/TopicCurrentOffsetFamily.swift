import PulseCore

struct TopicCurrentOffsetFamily: MetricFamily {
    let name = "kafka_topic_partition_current_offset"
    let help = "Log-end offset of the partition (the offset the next message will get); absent while unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                // Unknown is not 0: a 0 would show up as a huge drop in offset rates.
                guard let latest = partition.latest else { continue }
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(latest)
            }
        }
    }
}
