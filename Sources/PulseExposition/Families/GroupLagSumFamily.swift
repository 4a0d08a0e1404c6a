import PulseCore

struct GroupLagSumFamily: MetricFamily {
    let name = "kafka_consumergroup_lag_sum"
    let help = "Lag of the consumer group summed over the topic's partitions whose lag is known."
    let type = MetricType.untyped

    func write(_ snapshot: ClusterSnapshot, into writer: inout ExpositionWriter) {
        for group in snapshot.groups {
            for topic in group.topics {
                guard let lagSum = topic.lagSum else { continue }
                writer.beginSeries(name)
                writer.label("consumergroup", group.id)
                writer.label("topic", topic.topic)
                writer.endSeries(lagSum)
            }
        }
    }
}
