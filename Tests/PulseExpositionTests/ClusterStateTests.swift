import Foundation
import PulseCore
import Testing

@testable import PulseExposition

/// Cluster, broker and group-state series: present whenever the metadata was read, with 0 (or an
/// empty label) rather than a gap where the answer is "none".
@Suite("Cluster state")
struct ClusterStateTests {
    /// Metadata read, but no topics, no groups, no controller and no cluster id.
    static let bare = ClusterSnapshot(
        build: FixtureSnapshot.build, clusterID: nil, controllerID: nil,
        brokers: [Broker(id: 5, host: "kafka-5.internal", port: 9092)], topics: [], groups: [],
        health: FixtureSnapshot.health)

    @Test("cluster-wide partition counts are 0, not absent, when the metadata was read and all is well")
    func clusterCountsPresentAtZero() {
        let lines = ExpositionRenderer.render(Self.bare).lines
        #expect(lines.contains("kafka_cluster_under_replicated_partitions 0"))
        #expect(lines.contains("kafka_cluster_offline_partitions 0"))
    }

    @Test("the cluster-wide under-min-ISR count is absent until a topic's min.insync.replicas is known, then 0")
    func underMinInsyncNeedsAKnownConfig() {
        #expect(!ExpositionRenderer.render(Self.bare).lines.contains { $0.hasPrefix("kafka_cluster_under_min_isr_partitions ") })
        var known = Self.bare
        known.topics = [
            TopicReport(
                name: "orders",
                partitions: [PartitionReport(partition: 0, leader: 5, replicas: [5], inSyncReplicas: [5], earliest: 0, latest: 0)],
                config: TopicConfig(minInsyncReplicas: 1))
        ]
        #expect(ExpositionRenderer.render(known).lines.contains("kafka_cluster_under_min_isr_partitions 0"))
    }

    @Test("an unknown controller and cluster id give empty labels, controller_known 0 and no controller broker")
    func unknownController() {
        let lines = ExpositionRenderer.render(Self.bare).lines
        #expect(lines.contains(#"kafka_cluster_info{cluster_id="",controller_id=""} 1"#))
        #expect(lines.contains("kafka_cluster_controller_known 0"))
        #expect(
            lines.contains(#"kafka_broker_info{id="5",address="kafka-5.internal:9092",rack="",is_controller="false"} 1"#))
    }

    @Test("a broker that leads and hosts nothing reports 0 for both")
    func idleBrokerReportsZero() {
        let lines = ExpositionRenderer.render(Self.bare).lines
        #expect(lines.contains(#"kafka_broker_leader_partitions{id="5"} 0"#))
        #expect(lines.contains(#"kafka_broker_replica_partitions{id="5"} 0"#))
    }

    @Test("before the metadata was read there are no cluster or broker series at all")
    func nothingBeforeMetadata() {
        let families = familyNames(in: ExpositionRenderer.render(FixtureSnapshot.empty))
        #expect(!families.contains { $0.hasPrefix("kafka_cluster_") || $0.hasPrefix("kafka_broker") })
    }

    @Test("exactly one broker is the controller")
    func oneController() {
        let controllers = ExpositionRenderer.render(FixtureSnapshot.full).lines
            .filter { $0.hasPrefix("kafka_broker_info{") && $0.contains(#"is_controller="true""#) }
        #expect(controllers == [#"kafka_broker_info{id="2",address="kafka-2.internal:9092",rack="eu-1b",is_controller="true"} 1"#])
    }

    @Test("the cluster-wide counts are the sums of the per-topic counts")
    func clusterCountsSumTopics() {
        let lines = ExpositionRenderer.render(FixtureSnapshot.full).lines
        for (cluster, topic) in [
            ("kafka_cluster_under_replicated_partitions", "kafka_topic_under_replicated_partitions"),
            ("kafka_cluster_offline_partitions", "kafka_topic_offline_partitions"),
            ("kafka_cluster_under_min_isr_partitions", "kafka_topic_under_min_isr_partitions"),
        ] {
            let total = lines.filter { $0.hasPrefix(topic + "{") }.compactMap { Int($0.split(separator: " ").last ?? "") }
                .reduce(0, +)
            #expect(lines.contains("\(cluster) \(total)"), "\(cluster)")
            #expect(total > 0, "the fixture should exercise \(cluster)")
        }
    }

    @Test("every group has one series per state of its protocol, exactly one of them 1; a group without state is unknown")
    func groupStateIsOneHot() {
        let lines = ExpositionRenderer.render(FixtureSnapshot.full).lines.filter { $0.hasPrefix("kafka_consumergroup_state{") }
        let groups = FixtureSnapshot.full.groups
        #expect(lines.count == groups.count * 6)
        #expect(groups.contains { $0.type == .consumer } && groups.contains { $0.type != .consumer }, "the fixture should have both types")
        for group in groups {
            let prefix = "kafka_consumergroup_state{consumergroup=\"\(escaped(group.id))\","
            let own = lines.filter { $0.hasPrefix(prefix) }
            let current = (group.state ?? .unknown).rawValue
            // What follows the group's own prefix: state="NAME"} VALUE
            let states = Set(own.compactMap { $0.dropFirst(prefix.count).split(separator: "\"").dropFirst().first.map(String.init) })
            let rebalancing: Set<String> = group.type == .consumer
                ? ["assigning", "reconciling"] : ["preparing_rebalance", "completing_rebalance"]
            #expect(states == rebalancing.union(["stable", "empty", "dead", "unknown"]), "\(group.id)")
            #expect(own.filter { $0.hasSuffix(" 1") } == ["\(prefix)state=\"\(current)\"} 1"], "\(group.id)")
        }
    }

    @Test("a consumer-protocol group that is reconciling shows it, and the classic rebalance states are not offered")
    func consumerGroupStates() {
        var snapshot = FixtureSnapshot.full
        guard let index = snapshot.groups.firstIndex(where: { $0.type == .consumer }) else {
            Issue.record("the fixture has no consumer-protocol group")
            return
        }
        snapshot.groups[index].state = .reconciling
        let id = snapshot.groups[index].id
        let own = ExpositionRenderer.render(snapshot).lines.filter { $0.hasPrefix("kafka_consumergroup_state{consumergroup=\"\(id)\",") }
        #expect(own.contains("kafka_consumergroup_state{consumergroup=\"\(id)\",state=\"reconciling\"} 1"))
        #expect(!own.contains { $0.contains("preparing_rebalance") })
    }

    private func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
