import PulseCore

/// A snapshot builder fed with a synthetic cluster's samples, one interval apart: after the
/// warm-up it holds the rate, lag-in-seconds and status history an exporter has after a while
/// (64 samples fill the per-partition history to its default limit).
///
/// A class because a benchmark's setup hands it to the measured closure, which advances it.
final class SamplingRun {
    static let defaultWarmup = 64

    let cluster: SyntheticCluster
    private(set) var builder: SnapshotBuilder
    private(set) var snapshot: ClusterSnapshot
    /// The number of the next sample to record.
    private(set) var next = 0

    init(_ shape: ClusterShape, warmup: Int = defaultWarmup, options: SnapshotOptions = SnapshotOptions()) {
        cluster = SyntheticCluster(shape)
        builder = SnapshotBuilder(build: BuildInfo(version: "0.1.0-bench", librdkafkaVersion: "2.8.0"), options: options)
        snapshot = builder.record(
            .sample(cluster.sample(0)), durationSeconds: 0.05, finishedAtUnixSeconds: cluster.seconds(ofSample: 0),
            workerRestartsTotal: 0)
        next = 1
        while next < warmup { _ = record(cluster.sample(next)) }
    }

    /// The next sample, for a benchmark to generate outside its measurement.
    func nextSample() -> RawSample { cluster.sample(next) }

    /// Records `sample` as the next one and returns the new snapshot.
    @discardableResult
    func record(_ sample: RawSample) -> ClusterSnapshot {
        snapshot = builder.record(
            .sample(sample), durationSeconds: 0.05, finishedAtUnixSeconds: cluster.seconds(ofSample: next), workerRestartsTotal: 0)
        next += 1
        return snapshot
    }
}
