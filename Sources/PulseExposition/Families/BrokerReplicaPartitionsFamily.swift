import PulseCore

struct BrokerReplicaPartitionsFamily: MetricFamily {
    let name = "kafka_broker_replica_partitions"
    let help = "Partition replicas the broker hosts (leader or follower), over the exported topics."
    let type = MetricType.gauge
    let readsBrokerLoad = true

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for broker in context.snapshot.brokers {
            writer.beginSeries(name)
            writer.label("id", broker.id)
            writer.endSeries(context.brokerLoad[broker.id]?.replicaPartitions ?? 0)
        }
    }
}
