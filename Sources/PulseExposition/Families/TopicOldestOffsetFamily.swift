import PulseCore

struct TopicOldestOffsetFamily: MetricFamily {
    let name = "kafka_topic_partition_oldest_offset"
    let help = "Earliest offset still stored in the partition (older messages were deleted); absent while unknown."
    let type = MetricType.gauge

    func write(_ snapshot: ClusterSnapshot, into writer: inout ExpositionWriter) {
        for topic in snapshot.topics {
            for partition in topic.partitions {
                guard let earliest = partition.earliest else { continue }
                writer.beginSeries(name)
                writer.label("topic", topic.name)
                writer.label("partition", partition.partition)
                writer.endSeries(earliest)
            }
        }
    }
}
