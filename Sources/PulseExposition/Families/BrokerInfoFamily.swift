import PulseCore

struct BrokerInfoFamily: MetricFamily {
    let name = "kafka_broker_info"
    let help = "Always 1 for each broker in the cluster metadata; labels give its id, host:port address, rack and whether it is the controller."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        let controller = context.snapshot.controllerID
        for broker in context.snapshot.brokers {
            writer.beginSeries(name)
            writer.label("id", broker.id)
            writer.beginLabel("address")
            writer.appendEscapedLabelValue(broker.host)
            writer.append(":")
            writer.appendInteger(Int64(broker.port))
            writer.endLabel()
            // Empty when the broker has no rack (or DescribeCluster did not answer).
            writer.label("rack", broker.rack ?? "")
            writer.label("is_controller", broker.id == controller)
            writer.endSeries(1)
        }
    }
}
