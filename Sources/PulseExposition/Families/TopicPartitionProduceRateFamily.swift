import PulseCore

struct TopicPartitionProduceRateFamily: MetricFamily {
    let name = "kafka_topic_partition_produce_rate"
    let help = "Messages produced to the partition per second over the rate window; absent before two observations."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Off by default: one more series per partition, and the per-topic rate answers most questions.
        guard context.snapshot.options.partitionProduceRates else { return }
        for topic in context.snapshot.topics {
            for partition in topic.partitions {
                guard let rate = partition.produceRate else { continue }
                writer.beginPartitionSeries(name, topic: topic.name, partition: partition.partition)
                writer.endSeries(rate)
            }
        }
    }
}
