import PulseCore
import Testing

/// Consumer status as the builder derives it from its observation windows and the group's members.
@Suite("Snapshot builder: consumer status per partition and group")
struct SnapshotBuilderStatusTests {
    let options = SnapshotOptions(status: StatusRules(window: 3, allowedLag: 0))

    /// Topic `orders` with partitions 0 and 1, read by `billing`.
    func sample(end: [Int32: Int64?], committed: [Int32: Int64], members: Int?, offsetsError: String? = nil) -> RawSample {
        var groupOffsets = RawSamples.committed("billing", "orders", committed)
        groupOffsets.error = offsetsError
        return RawSample(
            metadata: RawSamples.metadata([RawSamples.topic("orders", partitions: [0, 1])]),
            offsets: end.map { RawSamples.offsets("orders", $0.key, latest: $0.value) },
            groups: [ConsumerGroup(id: "billing", state: members == 0 ? .empty : .stable, members: members)],
            groupOffsets: [groupOffsets])
    }

    /// Three samples 10 s apart: partition 0 frozen at 100 while its end grows, partition 1 caught up.
    func frozen(members: Int?) -> ClusterSnapshot {
        var builder = SnapshotBuilder(build: RawSamples.build, options: options)
        var snapshot: ClusterSnapshot?
        for step in 0..<3 {
            snapshot = builder.record(
                sample(end: [0: 110 + Int64(step) * 10, 1: 50], committed: [0: 100, 1: 50], members: members),
                at: 1_000 + Double(step) * 10)
        }
        return snapshot ?? builder.record(RawSamples.healthy)
    }

    func statuses(_ snapshot: ClusterSnapshot) -> [ConsumerStatus] {
        snapshot.group("billing")?.topics.first?.partitions.map(\.status) ?? []
    }

    @Test("members present, offset frozen, lag: stall; the group is its worst partition")
    func stall() {
        let snapshot = frozen(members: 2)
        #expect(statuses(snapshot) == [.stall, .ok])
        #expect(snapshot.group("billing")?.status == .stall)
    }

    @Test("no members, or membership unknown, offset frozen, lag: stop")
    func stop() {
        #expect(statuses(frozen(members: 0)) == [.stop, .ok])
        #expect(frozen(members: nil).group("billing")?.status == .stop)
    }

    @Test("until the window is full every partition is ok")
    func okUntilWindowFull() {
        var builder = SnapshotBuilder(build: RawSamples.build, options: options)
        for step in 0..<2 {
            let snapshot = builder.record(
                sample(end: [0: 110 + Int64(step) * 10, 1: 50], committed: [0: 100, 1: 50], members: 0), at: 1_000 + Double(step) * 10)
            #expect(snapshot.group("billing")?.status == .ok)
        }
    }

    @Test("an unknown end offset is an error for its partition and the group")
    func unknownEndOffsetIsError() {
        var builder = SnapshotBuilder(build: RawSamples.build, options: options)
        let snapshot = builder.record(sample(end: [0: nil, 1: 50], committed: [0: 100, 1: 50], members: 1), at: 1_000)
        #expect(statuses(snapshot) == [.error, .ok])
        #expect(snapshot.group("billing")?.status == .error)
    }

    @Test("unreadable group offsets: the group is an error, and its history survives the failed read")
    func unreadableOffsets() {
        var builder = SnapshotBuilder(build: RawSamples.build, options: options)
        _ = builder.record(sample(end: [0: 110, 1: 50], committed: [0: 100, 1: 50], members: 2), at: 1_000)
        _ = builder.record(sample(end: [0: 120, 1: 50], committed: [0: 100, 1: 50], members: 2), at: 1_010)
        let failed = builder.record(
            sample(end: [0: 130, 1: 50], committed: [:], members: 2, offsetsError: "COORDINATOR_NOT_AVAILABLE"), at: 1_020)
        #expect(failed.group("billing")?.status == .error)
        let key = GroupPartition(group: "billing", topicPartition: TopicPartition(topic: "orders", partition: 0))
        #expect(builder.offsetHistory.statusWindows[key]?.observations.count == 2)
        // The next good read completes the window: frozen with lag, members present.
        let next = builder.record(sample(end: [0: 140, 1: 50], committed: [0: 100, 1: 50], members: 2), at: 1_030)
        #expect(next.group("billing")?.status == .stall)
    }

    @Test("reprocessing after an offset reset: rewind while the offset stays below where it was")
    func rewindAfterReset() {
        var builder = SnapshotBuilder(build: RawSamples.build, options: options)
        // The end grows by 10 per sample; the group gains on it, resets from 135 to 20, reprocesses.
        let committed: [Int64] = [100, 115, 135, 20, 30, 60]
        let expected: [[ConsumerStatus]] = [[.ok, .ok], [.ok, .ok], [.ok, .ok], [.rewind, .ok], [.rewind, .ok], [.ok, .ok]]
        for (step, offset) in committed.enumerated() {
            let snapshot = builder.record(
                sample(end: [0: 130 + Int64(step) * 10, 1: 50], committed: [0: offset, 1: 50], members: 2),
                at: 1_000 + Double(step) * 10)
            // Once 135 has left the window, the lag fell (140, 140, 120): a consumer catching up.
            #expect(statuses(snapshot) == expected[step], "step \(step)")
        }
    }

    @Test("a group whose lag only grows while it commits is a warning")
    func warning() {
        var builder = SnapshotBuilder(build: RawSamples.build, options: options)
        var snapshot: ClusterSnapshot?
        for step in 0..<3 {
            snapshot = builder.record(
                sample(end: [0: 200 + Int64(step) * 100, 1: 50], committed: [0: 100 + Int64(step) * 50, 1: 50], members: 1),
                at: 1_000 + Double(step) * 10)
        }
        #expect(snapshot?.group("billing")?.status == .warning)
    }

    @Test("the per-partition status switch travels with the snapshot")
    func partitionStatusSwitch() {
        var builder = SnapshotBuilder(
            build: RawSamples.build, options: SnapshotOptions(export: ExportOptions(partitionStatusSeries: true)))
        #expect(builder.record(RawSamples.healthy).options.partitionStatusSeries)
    }
}
