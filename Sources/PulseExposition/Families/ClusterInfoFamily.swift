import PulseCore

struct ClusterInfoFamily: MetricFamily {
    let name = "kafka_cluster_info"
    let help = "Always 1 once the cluster metadata was read; labels give the cluster id and the controller's broker id (empty when unknown, and on KRaft clusters, which name a random broker to clients)."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        let snapshot = context.snapshot
        // No brokers means the metadata was never read: there is no cluster to describe yet.
        guard !snapshot.brokers.isEmpty else { return }
        writer.beginSeries(name)
        writer.label("cluster_id", snapshot.clusterID ?? "")
        writer.label("controller_id", snapshot.controllerID)
        writer.endSeries(1)
    }
}
