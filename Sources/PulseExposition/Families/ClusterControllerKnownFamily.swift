import PulseCore

struct ClusterControllerKnownFamily: MetricFamily {
    let name = "kafka_cluster_controller_known"
    let help = "1 when the cluster metadata names an active controller, 0 when it names none (KRaft clusters name a live broker for their quorum)."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        guard !context.snapshot.brokers.isEmpty else { return }
        writer.series(name, context.snapshot.controllerKnown)
    }
}
