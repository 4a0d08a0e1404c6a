import PulseCore

struct BrokerInfoFamily: MetricFamily {
    let name = "kafka_broker_info"
    let help = "Always 1 for each broker in the cluster metadata; labels give its id and host:port address."
    let type = MetricType.gauge

    func write(_ snapshot: ClusterSnapshot, into writer: inout ExpositionWriter) {
        for broker in snapshot.brokers {
            writer.beginSeries(name)
            writer.label("id", broker.id)
            writer.beginLabel("address")
            writer.appendEscapedLabelValue(broker.host)
            writer.append(":")
            writer.appendInteger(Int64(broker.port))
            writer.endLabel()
            writer.endSeries(1)
        }
    }
}
