import PulseCore

struct GroupLagFamily: MetricFamily {
    let name = "kafka_consumergroup_lag"
    let help = "Messages the group has yet to consume on the partition: log-end minus committed offset."
    let type = MetricType.gauge

    func write(_ snapshot: ClusterSnapshot, into writer: inout ExpositionWriter) {
        for group in snapshot.groups {
            for topic in group.topics {
                for partition in topic.partitions {
                    // Unknown lag is no series rather than 0, so alerts see a gap, not a healthy group.
                    guard let lag = partition.lag.value else { continue }
                    writer.beginSeries(name)
                    writer.label("consumergroup", group.id)
                    writer.label("topic", topic.topic)
                    writer.label("partition", partition.partition)
                    writer.endSeries(lag)
                }
            }
        }
    }
}
