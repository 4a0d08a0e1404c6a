import PulseCore

struct ShardInfoFamily: MetricFamily {
    let name = "kafka_pulse_shard_info"
    let help =
        "Always 1 on a sharded replica; static mode (--shard.total) labels its index and the number of replicas, group mode (--shard.group) mode=\"group\" and the group."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Absent without sharding, so an unsharded page stays as it was.
        switch context.snapshot.options.shard.mode {
        case .unsharded:
            return
        case .fixed(let total, let index):
            // No mode label: static mode's series stay as they were before group mode existed.
            writer.beginSeries(name)
            writer.label("index", Int32(index))
            writer.label("total", Int32(total))
        case .group(let group):
            writer.beginSeries(name)
            writer.label("group", group)
            writer.label("mode", "group")
        }
        writer.endSeries(1)
    }
}
