import PulseCore

struct TopicOldestOffsetFamily: MetricFamily {
    let name = "kafka_topic_partition_oldest_offset"
    let help = "Earliest offset still stored in the partition (older messages were deleted); absent while unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                guard let earliest = partition.earliest else { continue }
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(earliest)
            }
        }
    }
}
