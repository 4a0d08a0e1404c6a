import PulseAlerting
import PulseCore
import Testing

/// In-process alerting on a sharded exporter: a cluster-wide rule is evaluated by shard 0 only,
/// which alone reads the whole cluster; group rules by every replica, each on its own groups.
@Suite("Bundled rules on a sharded replica")
struct ShardedRulesTests {
    @Test("a rule is cluster-wide exactly when its expression reads a broker or cluster family")
    func classifiedByFamily() {
        for rule in BundledAlertRules.all {
            let expression = rule.condition.expression
            let clusterWide = expression.contains("kafka_cluster_") || expression.contains("kafka_brokers")
            #expect(rule.condition.readsClusterWide == clusterWide, "\(rule.name): \(expression)")
        }
    }

    @Test("shard 0 and an unsharded exporter evaluate every rule; other shards only the group rules")
    func evaluatedPerShard() throws {
        let all = BundledAlertRules.all
        #expect(all.evaluated(on: .whole) == all)
        #expect(all.evaluated(on: try ShardAssignment(total: 3, index: 0)) == all)
        let other = all.evaluated(on: try ShardAssignment(total: 3, index: 2))
        #expect(!other.isEmpty)
        #expect(other.allSatisfy { $0.condition.expression.hasPrefix("kafka_consumergroup_") || $0.condition.expression.contains("(kafka_consumergroup_") })
        #expect(other.count < all.count)
        #expect(!other.contains { $0.name == "KafkaOfflinePartitions" })
    }
}
