import PulseCore

struct ShardsFamily: MetricFamily {
    let name = "kafka_pulse_shards"
    let help = "Shards the consumer groups are spread over in all (the 50 __consumer_offsets partitions of a default cluster); sharded replicas only."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        guard context.snapshot.options.shard.isSharded else { return }
        writer.series(name, ShardAssignment.offsetsPartitionCount)
    }
}
