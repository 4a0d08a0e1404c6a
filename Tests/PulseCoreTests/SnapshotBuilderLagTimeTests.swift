import PulseCore
import Testing

/// Lag in seconds, catch-up time and retention risk as the builder derives them from its history.
@Suite("Snapshot builder: lag in seconds, catch-up time and retention risk")
struct SnapshotBuilderLagTimeTests {
    /// Topic `orders`, one partition, read by `billing` (one member unless told otherwise).
    func sample(
        end: Int64?, earliest: Int64? = 0, committed: Int64, members: Int? = 1, config: TopicConfig? = nil
    ) -> RawSample {
        RawSample(
            metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0])]),
            offsets: [RawSamples.offsets("orders", 0, earliest: earliest, latest: end)],
            groups: [ConsumerGroup(id: "billing", state: .stable, members: members)],
            groupOffsets: [RawSamples.committed("billing", "orders", [0: committed])],
            topicConfigs: config.map { ["orders": $0] })
    }

    func topic(_ snapshot: ClusterSnapshot) -> GroupTopicReport? { snapshot.group("billing")?.topics.first }
    func partition(_ snapshot: ClusterSnapshot) -> GroupPartitionReport? { topic(snapshot)?.partitions.first }

    @Test("first sample: 0 when caught up, no series while lagging (never a fake 0)")
    func firstSample() {
        var caughtUp = SnapshotBuilder(build: RawSamples.build)
        let zero = caughtUp.record(sample(end: 100, committed: 100), at: 1_000)
        #expect(partition(zero)?.lagSeconds == .caughtUp)
        #expect(topic(zero)?.maxLagSeconds == 0)
        #expect(topic(zero)?.catchUpSeconds == 0)

        var lagging = SnapshotBuilder(build: RawSamples.build)
        let first = lagging.record(sample(end: 100, committed: 90), at: 1_000)
        #expect(partition(first)?.lagSeconds == nil)
        #expect(topic(first)?.maxLagSeconds == nil)
        #expect(topic(first)?.catchUpSeconds == nil)
        let second = lagging.record(sample(end: 110, committed: 95), at: 1_010)
        #expect(partition(second)?.lagSeconds != nil)
    }

    @Test("no end offset, no lag in seconds")
    func unknownEndOffset() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        _ = builder.record(sample(end: 100, committed: 90), at: 1_000)
        #expect(partition(builder.record(sample(end: nil, committed: 90), at: 1_010))?.lagSeconds == nil)
    }

    @Test("steady production, slower consumer: within one sample interval of the true age")
    func steadyProductionSlowerConsumer() throws {
        // 10 messages per second produced (message k at k/10 s), 5 per second committed, every 10 s.
        var builder = SnapshotBuilder(build: RawSamples.build)
        for step in 0...12 {
            let now = 1_000 + Double(step) * 10
            let snapshot = builder.record(sample(end: Int64(step) * 100, committed: Int64(step) * 50), at: now)
            guard step > 0 else { continue }
            let lag = try #require(partition(snapshot)?.lagSeconds)
            // Message 50·step was produced at 5·step s; it is 5·step s old.
            let trueAge = Double(step) * 5
            #expect(lag.method == .interpolated)
            #expect(abs(lag.seconds - trueAge) <= 10, "step \(step): \(lag.seconds) vs \(trueAge)")
            #expect(topic(snapshot)?.maxLagSeconds == lag.seconds)
            // Falling further behind: no catch-up time.
            #expect(topic(snapshot)?.catchUpSeconds == nil)
        }
    }

    @Test("idle producer, lagging consumer: the lag in seconds keeps growing between samples")
    func idleProducerLaggingConsumer() throws {
        var builder = SnapshotBuilder(build: RawSamples.build)
        _ = builder.record(sample(end: 0, committed: 0), at: 1_000)
        _ = builder.record(sample(end: 100, committed: 0), at: 1_010)
        var previous = 0.0
        for step in 2...200 {
            let snapshot = builder.record(sample(end: 100, committed: 50), at: 1_000 + Double(step) * 10)
            let lag = try #require(partition(snapshot)?.lagSeconds?.seconds)
            #expect(lag > previous)
            previous = lag
        }
        // Message 50 was produced at about 1005 s, and the exporter has kept that for 33 minutes.
        #expect(abs(previous - (3_000 - 1_005.1)) < 1e-6)
    }

    @Test("idle producer, caught-up consumer: 0 throughout")
    func idleProducerCaughtUp() {
        var builder = SnapshotBuilder(build: RawSamples.build)
        _ = builder.record(sample(end: 100, committed: 50), at: 1_000)
        for step in 1...20 {
            let snapshot = builder.record(sample(end: 100, committed: 100), at: 1_000 + Double(step) * 10)
            #expect(partition(snapshot)?.lagSeconds == .caughtUp)
        }
    }

    @Test("reprocessing after an offset reset to 0 on a busy topic: capped at the retention time")
    func offsetResetCappedAtRetention() throws {
        let day = TopicConfig(retentionMilliseconds: 86_400_000, cleanupPolicy: "delete")
        var builder = SnapshotBuilder(build: RawSamples.build)
        for step in 0...3 {
            let end = 5_000_000_000 + Int64(step) * 100
            _ = builder.record(sample(end: end, committed: end - 10, config: day), at: 1_000 + Double(step) * 10)
        }
        let reset = builder.record(sample(end: 5_000_000_400, committed: 0, config: day), at: 1_040)
        let lag = try #require(partition(reset)?.lagSeconds)
        #expect(lag == LagTimeEstimate(seconds: 86_400, method: .extrapolated))
        #expect(topic(reset)?.retentionMarginSeconds == 0)
        #expect(topic(reset)?.partitionsBelowLogStart == 0)
    }

    @Test("a committed offset below the log start: dated from the earliest message still there, and counted")
    func belowLogStart() throws {
        let hour = TopicConfig(retentionMilliseconds: 3_600_000)
        var builder = SnapshotBuilder(build: RawSamples.build)
        // 10 per second; retention has already deleted everything below 900.
        for step in 0...9 {
            _ = builder.record(
                sample(end: Int64(step) * 100, earliest: 0, committed: Int64(step) * 100, config: hour),
                at: 1_000 + Double(step) * 10)
        }
        let behind = builder.record(sample(end: 1_000, earliest: 900, committed: 100, config: hour), at: 1_100)
        let lag = try #require(partition(behind)?.lagSeconds)
        // Message 900 was produced at about 1090 s.
        #expect(lag.method == .interpolated)
        #expect(abs(lag.seconds - 10) <= 10)
        #expect(partition(behind)?.belowLogStart == true)
        #expect(topic(behind)?.partitionsBelowLogStart == 1)
        #expect(topic(behind)?.retentionMarginSeconds == 3_600 - lag.seconds)
        // Once retention has deleted every unconsumed message, nothing old is left to read.
        let emptied = builder.record(sample(end: 1_000, earliest: 1_000, committed: 100, config: hour), at: 1_110)
        #expect(partition(emptied)?.lagSeconds == .caughtUp)
        #expect(topic(emptied)?.partitionsBelowLogStart == 1)
    }

    @Test("catch-up time: lag over the net drain rate; 0 without lag; absent when not draining")
    func catchUpTime() {
        // A rate window of one sample interval, so each step's rates are its own.
        var builder = SnapshotBuilder(build: RawSamples.build, options: SnapshotOptions(rateWindowSeconds: 10))
        // Produce 10/s, consume 20/s; lag 300 → 200 → 100 → 0.
        _ = builder.record(sample(end: 1_000, committed: 700), at: 1_000)
        let draining = builder.record(sample(end: 1_100, committed: 900), at: 1_010)
        #expect(topic(draining)?.lagSum == 200)
        #expect(topic(draining)?.catchUpSeconds == 20)  // 200 messages at a net 10 per second
        let caughtUp = builder.record(sample(end: 1_200, committed: 1_200), at: 1_020)
        #expect(topic(caughtUp)?.catchUpSeconds == 0)
        // Consume as fast as produced, with lag: not draining.
        _ = builder.record(sample(end: 1_300, committed: 1_250), at: 1_030)
        let level = builder.record(sample(end: 1_400, committed: 1_350), at: 1_040)
        #expect(level.topics.first?.produceRate == 10)
        #expect(topic(level)?.consumeRate == 10)
        #expect(topic(level)?.catchUpSeconds == nil)
    }

    @Test("retention margin only when retention deletes by time")
    func retentionMarginNeedsTimeRetention() throws {
        func margin(_ config: TopicConfig?) -> Double? {
            var builder = SnapshotBuilder(build: RawSamples.build)
            _ = builder.record(sample(end: 0, committed: 0, config: config), at: 1_000)
            return topic(builder.record(sample(end: 100, committed: 50, config: config), at: 1_010))?.retentionMarginSeconds
        }
        #expect(margin(nil) == nil)
        #expect(margin(TopicConfig(retentionMilliseconds: nil, cleanupPolicy: "delete")) == nil)
        #expect(margin(TopicConfig(retentionMilliseconds: 60_000, cleanupPolicy: "compact")) == nil)
        // Message 50 arrived at about 1005 s: 5 s old, 55 s left of a one-minute retention.
        let left = try #require(margin(TopicConfig(retentionMilliseconds: 60_000, cleanupPolicy: "compact,delete")))
        #expect(abs(left - 55.1) < 1e-6)
    }
}
