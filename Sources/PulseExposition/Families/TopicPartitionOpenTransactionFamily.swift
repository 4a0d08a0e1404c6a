import PulseCore

struct TopicPartitionOpenTransactionFamily: MetricFamily {
    let name = "kafka_topic_partition_open_transaction_seconds"
    let help =
        "Seconds the last stable offset has been held below the high watermark at the same offset (an open transaction's age, counted from the first sample that saw it); 0 when none is open, absent while unknown."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                guard let seconds = partition.openTransactionSeconds else { continue }
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(seconds)
            }
        }
    }
}
