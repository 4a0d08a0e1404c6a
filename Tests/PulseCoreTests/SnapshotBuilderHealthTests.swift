import PulseCore
import Testing

/// How outcomes move the exporter's health, and what happens to the cluster data when a sample fails.
@Suite("Snapshot builder: health across samples")
struct SnapshotBuilderHealthTests {
    @Test("a successful sample is up and sets the last success to the time it finished")
    func successSetsLastSuccess() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(RawSamples.healthy, at: 1_700_000_123.5)
        #expect(snapshot.health.up)
        #expect(snapshot.health.lastSuccessUnixSeconds == 1_700_000_123.5)
    }

    @Test("before any sample nothing has succeeded")
    func nothingSucceededBeforeFirstSample() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let snapshot = builder.record(.failure(WorkerFailure(.crashed, "boom")))
        #expect(!snapshot.health.up)
        #expect(snapshot.health.lastSuccessUnixSeconds == nil)
        #expect(snapshot.topics.isEmpty)
    }

    @Test("every outcome counts as a sample, failed or not")
    func samplesTotalIncrements() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        #expect(builder.record(RawSamples.healthy).health.samplesTotal == 1)
        #expect(builder.record(.failure(WorkerFailure(.timedOut, "slow"))).health.samplesTotal == 2)
        #expect(builder.record(RawSample(metadata: nil)).health.samplesTotal == 3)
        #expect(builder.record(RawSamples.healthy).health.samplesTotal == 4)
    }

    @Test("a worker failure keeps the previous cluster data, is down, keeps the last success and counts the failure")
    func failureKeepsPreviousData() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let good = builder.record(RawSamples.healthy, at: 1_000)
        let failed = builder.record(.failure(WorkerFailure(.crashed, "signal 11")), at: 1_010)

        #expect(failed.topics == good.topics)
        #expect(failed.groups == good.groups)
        #expect(failed.brokers == good.brokers)
        #expect(failed.clusterID == good.clusterID)
        #expect(!failed.health.up)
        #expect(failed.health.lastSuccessUnixSeconds == 1_000)
        #expect(failed.health.workerFailuresTotal == [.crashed: 1])
    }

    @Test("worker failures are counted by kind and accumulate")
    func workerFailuresAccumulateByKind() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        _ = builder.record(.failure(WorkerFailure(.crashed, "a")))
        _ = builder.record(.failure(WorkerFailure(.timedOut, "b")))
        let snapshot = builder.record(.failure(WorkerFailure(.crashed, "c")))
        #expect(snapshot.health.workerFailuresTotal == [.crashed: 2, .timedOut: 1])
    }

    @Test("a sample without metadata keeps the previous data and counts its phase errors")
    func sampleWithoutMetadataKeepsPreviousData() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let good = builder.record(RawSamples.healthy, at: 1_000)
        let failed = builder.record(
            RawSample(
                metadata: nil, phases: [PhaseReport(phase: .metadata, durationSeconds: 5, error: "all brokers down")]),
            at: 1_010)

        #expect(failed.topics == good.topics)
        #expect(failed.groups == good.groups)
        #expect(!failed.health.up)
        #expect(failed.health.lastSuccessUnixSeconds == 1_000)
        #expect(failed.health.sampleErrorsTotal == [.metadata: 1])
        #expect(failed.health.workerFailuresTotal.isEmpty)
    }

    @Test("a partial sample publishes its data, is down, moves the last success and counts the failed phase")
    func partialSamplePublishesData() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        _ = builder.record(RawSamples.healthy, at: 1_000)
        var partial = RawSamples.healthy(failing: .endOffsets)
        partial.metadata = RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1, 2])])
        partial.offsets = []
        let snapshot = builder.record(partial, at: 1_010)

        // The new layout is published, with the end offsets it could not read left unknown.
        #expect(snapshot.topics.first?.partitions.map(\.partition) == [0, 1, 2])
        #expect(snapshot.topics.first?.partitions.map(\.latest) == [nil, nil, nil])
        #expect(snapshot.group("billing")?.topics.first?.partitions.map(\.lag) == [.unknown, .unknown])
        #expect(!snapshot.health.up)
        // Fresh (partial) data was published: readiness follows it, `up` says it is incomplete.
        #expect(snapshot.health.lastSampleHadData)
        #expect(snapshot.health.lastSuccessUnixSeconds == 1_010)
        #expect(snapshot.health.sampleErrorsTotal == [.endOffsets: 1])
        #expect(snapshot.health.lastPhases == partial.phases)
    }

    @Test("phase errors accumulate across samples")
    func phaseErrorsAccumulate() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        _ = builder.record(RawSamples.healthy(failing: .groupDescribe))
        _ = builder.record(RawSamples.healthy)
        let snapshot = builder.record(RawSamples.healthy(failing: .groupDescribe))
        #expect(snapshot.health.sampleErrorsTotal == [.groupDescribe: 2])
    }

    @Test("lag clamps accumulate across samples")
    func clampsAccumulate() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let clamped = RawSample(
            metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1])]),
            offsets: [RawSamples.offsets("orders", 0, latest: 100), RawSamples.offsets("orders", 1, latest: 100)],
            groupOffsets: [RawSamples.committed("billing", "orders", [0: 120, 1: 50])])
        #expect(builder.record(clamped).health.lagClampsTotal == 1)
        #expect(builder.record(RawSamples.healthy).health.lagClampsTotal == 1)
        #expect(builder.record(clamped).health.lagClampsTotal == 2)
    }

    @Test("partitions without a known end offset are counted, per sample")
    func unknownOffsetPartitionsCounted() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let sample = RawSample(
            metadata: RawSamples.metadata([
                RawSamples.topic("orders", partitions: [0, 1, 2]), RawSamples.topic("payments", partitions: [0]),
            ]),
            offsets: [
                RawSamples.offsets("orders", 0, latest: 100),
                // Read, but the leader did not answer: unknown.
                RawSamples.offsets("orders", 1, earliest: 3, latest: nil),
                // orders/2 and payments/0 are missing altogether: unknown too.
            ])
        #expect(builder.record(sample).health.unknownOffsetPartitions == 3)
        // A gauge, not a counter: the next sample's count replaces it.
        #expect(builder.record(RawSamples.healthy).health.unknownOffsetPartitions == 0)
    }

    @Test("the history's series count follows the cluster: a deleted topic and a vanished group leave it")
    func historySeriesFollowTheCluster() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        let both = RawSample(
            metadata: RawSamples.metadata([
                RawSamples.topic("orders", partitions: [0, 1]), RawSamples.topic("churn-1", partitions: [0, 1, 2]),
            ]),
            offsets: [0, 1].map { RawSamples.offsets("orders", $0, latest: 10) } + [0, 1, 2].map { RawSamples.offsets("churn-1", $0, latest: 5) },
            groupOffsets: [
                RawSamples.committed("billing", "orders", [0: 4, 1: 4]), RawSamples.committed("churn-group-1", "churn-1", [0: 1, 1: 1, 2: 1]),
            ])
        #expect(builder.record(both).health.historySeries == HistorySeriesCount(partitions: 5, groupPartitions: 5))

        let churned = RawSample(
            metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1])]),
            offsets: [0, 1].map { RawSamples.offsets("orders", $0, latest: 12) },
            groupOffsets: [RawSamples.committed("billing", "orders", [0: 5, 1: 5])])
        #expect(builder.record(churned).health.historySeries == HistorySeriesCount(partitions: 2, groupPartitions: 2))
        #expect(builder.offsetHistory.statusWindows.count == 2)
    }

    @Test("the sample's duration, requests and the worker restarts are carried into the health")
    func bookkeepingCarried() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        var sample = RawSamples.healthy
        sample.requests = ["Metadata": 1, "ListOffsets": 2]
        let snapshot = builder.record(
            .sample(sample), durationSeconds: 1.5, finishedAtUnixSeconds: 1_000, workerRestartsTotal: 4)
        #expect(snapshot.health.lastSampleDurationSeconds == 1.5)
        #expect(snapshot.health.requestsLastSample == ["Metadata": 1, "ListOffsets": 2])
        #expect(snapshot.health.workerRestartsTotal == 4)

        let failed = builder.record(
            .failure(WorkerFailure(.crashed, "boom")), durationSeconds: 0.5, finishedAtUnixSeconds: 1_010,
            workerRestartsTotal: 5)
        #expect(failed.health.requestsLastSample.isEmpty)
        #expect(failed.health.lastPhases.isEmpty)
        #expect(failed.health.workerRestartsTotal == 5)
    }
}
