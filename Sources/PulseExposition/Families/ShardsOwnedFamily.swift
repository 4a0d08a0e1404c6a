import PulseCore

struct ShardsOwnedFamily: MetricFamily {
    let name = "kafka_pulse_shards_owned"
    let help = "__consumer_offsets partitions (shards) whose groups this replica exports; sharded replicas only."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        let shard = context.snapshot.options.shard
        guard shard.isSharded else { return }
        writer.series(name, shard.ownedOffsetsPartitions.count)
    }
}
