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

    @Test("group mode: cluster-wide rules follow partition 0 per snapshot; one handed over resolves here")
    func clusterRulesFollowPartitionZero() {
        let rules = BundledAlertRules.all.filter { $0.name == "KafkaOfflinePartitions" || $0.name == "KafkaConsumerGroupStalled" }
        let options = AlertEvaluator.Options(
            resendInterval: 60, evaluationInterval: 10, externalLabels: ["job": "kafka-pulse"], generatorURL: "http://host:9308/")
        var evaluator = AlertEvaluator(rules: rules, options: options)
        let offline = TopicReport(
            name: "orders",
            partitions: [PartitionReport(partition: 0, leader: nil, replicas: [1], inSyncReplicas: [], earliest: nil, latest: nil)])
        func snapshot(owning owned: [Int]) -> ClusterSnapshot {
            var snapshot = Snapshots.cluster(groups: [Snapshots.group("billing", status: .stall)], topics: [offline])
            snapshot.options.shard = ShardAssignment(group: "pulse", owned: owned, partitionCount: 10)
            return snapshot
        }
        _ = evaluator.evaluate(snapshot(owning: [0, 3]), at: 0)
        let owner = evaluator.evaluate(snapshot(owning: [0, 3]), at: 600)
        #expect(owner.firing["KafkaOfflinePartitions"] == 1)
        #expect(owner.firing["KafkaConsumerGroupStalled"] == 1)
        // Partition 0 moved to another replica: this one no longer reads the whole cluster.
        let handedOver = evaluator.evaluate(snapshot(owning: [3]), at: 610)
        #expect(handedOver.firing["KafkaOfflinePartitions"] == 0)
        #expect(handedOver.firing["KafkaConsumerGroupStalled"] == 1)
        #expect(handedOver.notification?.contains { $0.labels["alertname"] == "KafkaOfflinePartitions" && $0.endsAt == 610 } == true)
    }
}
