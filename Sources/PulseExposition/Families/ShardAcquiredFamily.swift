import PulseCore

struct ShardAcquiredFamily: MetricFamily {
    let name = "kafka_pulse_shard_acquired_timestamp_seconds"
    let help =
        "Unix time this replica gained each shard it owns (its first sample; with --shard.group shards move): rates, lag in seconds and status need a few samples after it."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Sharded replicas only, so an unsharded page stays as it was.
        guard context.snapshot.options.shard.isSharded else { return }
        for (shard, acquiredAt) in context.snapshot.shardsAcquiredAt.sorted(by: { $0.key < $1.key }) {
            writer.beginSeries(name)
            writer.label("shard", Int32(clamping: shard))
            writer.endSeries(acquiredAt)
        }
    }
}
