import Testing

@testable import PulseCore

/// `--shard.group`: the owned shards are the `__consumer_offsets` partitions Kafka assigned this
/// replica, out of the cluster's real partition count.
@Suite("Shard assignment in group mode")
struct ShardGroupAssignmentTests {
    @Test("a group's shard uses the cluster's offsets partition count, as Kafka's partitionFor does")
    func realPartitionCount() {
        // abs(hashCode("orders")) = 1_008_770_331.
        #expect(ShardAssignment.offsetsPartition(of: "orders", partitionCount: 10) == 1)
        #expect(ShardAssignment.offsetsPartition(of: "orders", partitionCount: 7) == 1_008_770_331 % 7)
        #expect(ShardAssignment.offsetsPartition(of: "polygenelubricants", partitionCount: 10) == 0)
        let owner = ShardAssignment(group: "pulse", owned: [1], partitionCount: 10)
        #expect(owner.owns(group: "orders"))
        #expect(!ShardAssignment(group: "pulse", owned: [31], partitionCount: 50).owns(group: "a"))
    }

    @Test("replicas holding disjoint partitions that cover them all export every group once")
    func exactlyOneOwner() {
        let groups = (0..<500).map { "group-\($0)" } + ["polygenelubricants", "", "😀"]
        for count in [1, 3, 10, 50, 64] {
            let replicas = [
                ShardAssignment(group: "pulse", owned: (0..<count).filter { $0 % 3 == 0 }, partitionCount: count),
                ShardAssignment(group: "pulse", owned: (0..<count).filter { $0 % 3 == 1 }, partitionCount: count),
                ShardAssignment(group: "pulse", owned: (0..<count).filter { $0 % 3 == 2 }, partitionCount: count),
            ]
            for group in groups {
                #expect(replicas.count { $0.owns(group: group) } == 1, "\(group) over \(count) partitions")
            }
        }
    }

    @Test("the owner of partition 0 exports the cluster-wide families, whoever it is")
    func clusterWideFollowsPartitionZero() {
        #expect(ShardAssignment(group: "pulse", owned: [4, 0], partitionCount: 10).exportsClusterWide)
        #expect(!ShardAssignment(group: "pulse", owned: [1, 2], partitionCount: 10).exportsClusterWide)
        #expect(ShardAssignment(group: "pulse", owned: [2, 1], partitionCount: 10).ownedOffsetsPartitions == [1, 2])
    }

    @Test("owning nothing (not yet assigned, or no __consumer_offsets) exports no group and nothing cluster-wide")
    func ownsNothing() {
        for empty in [
            ShardAssignment(group: "pulse", owned: [], partitionCount: 10), ShardAssignment(group: "pulse", owned: [0], partitionCount: 0),
        ] {
            #expect(empty.isSharded)
            #expect(!empty.exportsClusterWide)
            #expect(!empty.owns(group: "orders"))
            #expect(empty.ownedOffsetsPartitions.isEmpty)
        }
    }

    @Test("partitions outside the count are ignored")
    func outOfRange() {
        #expect(ShardAssignment(group: "pulse", owned: [3, 12, -1], partitionCount: 10).ownedOffsetsPartitions == [3])
    }

    @Test("static mode is unchanged: 50 partitions, every N-th; --shard.total 1 is unsharded")
    func staticUnchanged() throws {
        let replica = try ShardAssignment(total: 3, index: 1)
        #expect(replica.mode == .fixed(total: 3, index: 1))
        #expect(replica.partitionCount == 50)
        #expect(try ShardAssignment(total: 1, index: 0) == .whole)
    }
}

/// When this replica gained each shard, from consecutive samples' assignments.
@Suite("Shard tenure")
struct ShardTenureTests {
    @Test("a shard keeps the time it was first owned; a lost one goes; a regained one starts again")
    func tracking() {
        var tenure = ShardTenure()
        tenure.update(owned: [0, 1], at: 100)
        tenure.update(owned: [1, 2], at: 102)
        #expect(tenure.acquiredAt == [1: 100, 2: 102])
        tenure.update(owned: [0, 1, 2], at: 104)
        #expect(tenure.acquiredAt == [0: 104, 1: 100, 2: 102])
        tenure.update(owned: [], at: 106)
        #expect(tenure.acquiredAt.isEmpty)
    }

    @Test("the snapshot carries the shard each sample was read under and when each was gained")
    func snapshotFollowsSamples() {
        var builder = SnapshotBuilder(build: BuildInfo(version: "t", librdkafkaVersion: "t"))
        let metadata = ClusterMetadata(clusterID: "c", controllerID: 1, brokers: [], topics: [])
        let first = ShardAssignment(group: "pulse", owned: [0, 3], partitionCount: 10)
        var snapshot = builder.record(
            .sample(RawSample(metadata: metadata, shard: first)), durationSeconds: 0.1, finishedAtUnixSeconds: 100, workerRestartsTotal: 0)
        #expect(snapshot.options.shard == first)
        #expect(snapshot.shardsAcquiredAt == [0: 100, 3: 100])
        let second = ShardAssignment(group: "pulse", owned: [3, 5], partitionCount: 10)
        snapshot = builder.record(
            .sample(RawSample(metadata: metadata, shard: second)), durationSeconds: 0.1, finishedAtUnixSeconds: 102, workerRestartsTotal: 0)
        #expect(snapshot.options.shard == second)
        #expect(!snapshot.options.shard.exportsClusterWide)
        #expect(snapshot.shardsAcquiredAt == [3: 100, 5: 102])
    }

    @Test("a failed worker left the group: its groups and shards leave the page; static shards keep the last data")
    func failedWorkerGivesUpGroupShards() throws {
        let metadata = ClusterMetadata(clusterID: "c", controllerID: 1, brokers: [], topics: [])
        func run(_ shard: ShardAssignment) -> ClusterSnapshot {
            var builder = SnapshotBuilder(
                build: BuildInfo(version: "t", librdkafkaVersion: "t"), options: SnapshotOptions(export: ExportOptions(shard: shard)))
            let sample = RawSample(metadata: metadata, groups: [ConsumerGroup(id: "billing", state: .stable)], shard: shard)
            _ = builder.record(.sample(sample), durationSeconds: 0.1, finishedAtUnixSeconds: 100, workerRestartsTotal: 0)
            return builder.record(
                .failure(WorkerFailure(.crashed, "worker ended")), durationSeconds: 0.1, finishedAtUnixSeconds: 102, workerRestartsTotal: 0)
        }
        let grouped = run(ShardAssignment(group: "pulse", owned: [0, 3], partitionCount: 10))
        #expect(grouped.groups.isEmpty)
        #expect(grouped.options.shard.ownedOffsetsPartitions.isEmpty)
        #expect(grouped.options.shard.partitionCount == 10)
        #expect(grouped.shardsAcquiredAt.isEmpty)
        let fixed = run(try ShardAssignment(total: 3, index: 0))
        #expect(fixed.groups.map(\.id) == ["billing"])
        #expect(fixed.options.shard.exportsClusterWide)
    }
}
