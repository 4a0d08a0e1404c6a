import PulseCore

struct BrokerLeaderPartitionsFamily: MetricFamily {
    let name = "kafka_broker_leader_partitions"
    let help = "Partitions the broker leads, over the exported topics."
    let type = MetricType.gauge
    let readsBrokerLoad = true

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Every broker, 0 included: a restarted broker that leads nothing is the thing to see.
        for broker in context.snapshot.brokers {
            writer.beginSeries(name)
            writer.label("id", broker.id)
            writer.endSeries(context.brokerLoad[broker.id]?.leaderPartitions ?? 0)
        }
    }
}
