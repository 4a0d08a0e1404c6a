import PulseCore

struct ShardsFamily: MetricFamily {
    let name = "kafka_pulse_shards"
    let help =
        "Shards the consumer groups are spread over in all: the __consumer_offsets partitions (50 in static mode, the cluster's count with --shard.group); sharded replicas only."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        guard context.snapshot.options.shard.isSharded else { return }
        writer.series(name, context.snapshot.options.shard.partitionCount)
    }
}
