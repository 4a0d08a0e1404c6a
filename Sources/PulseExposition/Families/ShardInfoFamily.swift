import PulseCore

struct ShardInfoFamily: MetricFamily {
    let name = "kafka_pulse_shard_info"
    let help = "Always 1 on a sharded replica (--shard.total); labels give its index and the number of replicas."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Absent without sharding, so an unsharded page stays as it was.
        let shard = context.snapshot.options.shard
        guard shard.isSharded else { return }
        writer.beginSeries(name)
        writer.label("index", Int32(shard.index))
        writer.label("total", Int32(shard.total))
        writer.endSeries(1)
    }
}
