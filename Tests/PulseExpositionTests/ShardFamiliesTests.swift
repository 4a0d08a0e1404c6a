import PulseCore
import Testing

@testable import PulseExposition

/// `--shard.total`: replica 0 exports the cluster-wide families, the others only their groups'; the
/// sharding self-metrics exist only on sharded replicas.
@Suite("Sharded pages")
struct ShardFamiliesTests {
    static let shardFamilies: Set<String> = [
        "kafka_pulse_shard_info", "kafka_pulse_shards_owned", "kafka_pulse_shards", "kafka_pulse_groups_exported",
        "kafka_pulse_shard_acquired_timestamp_seconds",
    ]

    func page(_ shard: ShardAssignment) -> [UInt8] {
        var snapshot = FixtureSnapshot.full
        snapshot.options.shard = shard
        return ExpositionRenderer.render(snapshot, selection: FamilySelection.all.limited(to: shard))
    }

    @Test("every family is cluster-wide, per group or the exporter's own, by its name")
    func everyFamilyClassified() {
        for name in FamilySelection.knownNames {
            let kinds = [FamilySelection.isClusterWide(name), name.hasPrefix("kafka_consumergroup_"), name.hasPrefix("kafka_pulse_")]
            #expect(kinds.count { $0 } == 1, "\(name)")
        }
    }

    @Test("a replica other than 0 carries no broker, topic, partition or cluster series")
    func otherReplicaWithoutClusterWide() throws {
        let names = familyNames(in: page(try ShardAssignment(total: 3, index: 2)))
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { !FamilySelection.isClusterWide($0) }, "\(names)")
        #expect(names.contains("kafka_consumergroup_lag"))
        #expect(names.contains("kafka_pulse_up"))
    }

    @Test("replica 0 carries the cluster-wide families, and its page is the unsharded one plus the shard series")
    func replicaZero() throws {
        let sharded = page(try ShardAssignment(total: 3, index: 0))
        let names = familyNames(in: sharded)
        #expect(names.contains("kafka_brokers"))
        #expect(names.contains("kafka_topic_partition_current_offset"))
        #expect(names.contains("kafka_cluster_info"))
        #expect(lines(of: sharded, without: Self.shardFamilies) == page(.whole).lines)
    }

    @Test("the shard series say the index, the total and how many shards and groups the replica has")
    func shardSeries() throws {
        let text = page(try ShardAssignment(total: 3, index: 1)).text
        #expect(text.contains("\nkafka_pulse_shard_info{index=\"1\",total=\"3\"} 1\n"))
        #expect(text.contains("\nkafka_pulse_shards_owned 17\n"))
        #expect(text.contains("\nkafka_pulse_shards 50\n"))
        #expect(text.contains("\nkafka_pulse_groups_exported \(FixtureSnapshot.full.groups.count)\n"))
    }

    @Test("without sharding there is no shard series")
    func unshardedHasNone() {
        let names = Set(familyNames(in: page(.whole)))
        #expect(names.isDisjoint(with: Self.shardFamilies))
    }
}
