import PulseCore

struct GroupsExportedFamily: MetricFamily {
    let name = "kafka_pulse_groups_exported"
    let help = "Consumer groups on this replica's page (its shard's share after filters); sharded replicas only."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        guard context.snapshot.options.shard.isSharded else { return }
        writer.series(name, context.snapshot.groups.count)
    }
}
