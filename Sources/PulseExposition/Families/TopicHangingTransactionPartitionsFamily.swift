import PulseCore

struct TopicHangingTransactionPartitionsFamily: MetricFamily {
    let name = "kafka_topic_hanging_transaction_partitions"
    let help =
        "Partitions of the topic whose open transaction is older than --transaction.hanging-after; absent while no last stable offset of the topic is known."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for topic in context.snapshot.topics {
            guard let count = topic.hangingTransactionPartitions else { continue }
            writer.beginTopicSeries(name, topic: topic.name)
            writer.endSeries(count)
        }
    }
}
