import PulseCore
import Testing

@testable import PulseExposition

/// Unknown is never exported as 0: a missing series makes a gap on a dashboard, a 0 makes a lie.
@Suite("Unknown values")
struct UnknownValuesTests {
    let lines = ExpositionRenderer.render(FixtureSnapshot.full).lines

    @Test("a partition with an unknown log-end offset has no current-offset series")
    func unknownLatestOffsetHasNoSeries() {
        #expect(!hasSeries(#"kafka_topic_partition_current_offset{topic="orders.v1",partition="2"}"#))
        #expect(lines.contains(#"kafka_topic_partition_oldest_offset{topic="orders.v1",partition="2"} 40"#))
    }

    @Test("a partition with no known offsets has neither offset series, but its layout series stay")
    func unknownOffsetsHaveNoSeries() {
        #expect(!hasSeries(#"kafka_topic_partition_current_offset{topic="payment-events",partition="1"}"#))
        #expect(!hasSeries(#"kafka_topic_partition_oldest_offset{topic="payment-events",partition="1"}"#))
        #expect(lines.contains(#"kafka_topic_partition_replicas{topic="payment-events",partition="1"} 3"#))
    }

    @Test("an offline partition has no leader series and is flagged offline, not preferred")
    func offlinePartitionHasNoLeader() {
        #expect(!hasSeries(#"kafka_topic_partition_leader{topic="payment-events",partition="1"}"#))
        #expect(lines.contains(#"kafka_topic_partition_offline{topic="payment-events",partition="1"} 1"#))
        #expect(lines.contains(#"kafka_topic_partition_leader_is_preferred{topic="payment-events",partition="1"} 0"#))
    }

    @Test("a topic whose config is unknown has no config or min-ISR series, but keeps its layout series")
    func unknownConfigHasNoSeries() {
        let topic = #"{topic="quirky\"topic\\name\nwith-🚀-über""#
        for family in [
            "kafka_topic_config_info", "kafka_topic_config_retention_seconds", "kafka_topic_config_retention_bytes",
            "kafka_topic_config_min_insync_replicas", "kafka_topic_under_min_isr_partitions",
            "kafka_topic_partition_under_min_isr",
        ] {
            #expect(!hasSeries(family + topic), "\(family)")
        }
        #expect(lines.contains("kafka_topic_replication_factor\(topic)} 1"))
        #expect(lines.contains("kafka_topic_under_replicated_partitions\(topic)} 0"))
    }

    @Test("unlimited retention has no retention series; the config info still names the topic")
    func unlimitedRetentionHasNoSeries() {
        #expect(!hasSeries(#"kafka_topic_config_retention_seconds{topic="user_profiles"}"#))
        #expect(!hasSeries(#"kafka_topic_config_retention_bytes{topic="user_profiles"}"#))
        #expect(!hasSeries(#"kafka_topic_config_retention_seconds{topic="payment-events"}"#))
        #expect(lines.contains(#"kafka_topic_config_retention_bytes{topic="payment-events"} 1073741824"#))
        #expect(lines.contains(#"kafka_topic_config_info{topic="user_profiles",cleanup_policy="compact"} 1"#))
    }

    @Test("a rate before two observations has no series")
    func unknownRatesHaveNoSeries() {
        #expect(!hasSeries(#"kafka_topic_produce_rate{topic="payment-events"}"#))
        #expect(!hasSeries(#"kafka_topic_partition_produce_rate{topic="orders.v1",partition="2"}"#))
        #expect(!hasSeries(#"kafka_consumergroup_consume_rate{consumergroup="shipping",topic="orders.v1"}"#))
        #expect(lines.contains(#"kafka_consumergroup_consume_rate{consumergroup="shipping",topic="payment-events"} 0"#))
    }

    @Test("unknown lag has no series, and a topic whose lags are all unknown has no lag sum")
    func unknownLagHasNoSeries() {
        #expect(!hasSeries(#"kafka_consumergroup_lag{consumergroup="shipping",topic="orders.v1","#))
        #expect(!hasSeries(#"kafka_consumergroup_lag_sum{consumergroup="shipping",topic="orders.v1"}"#))
        // The committed offset is still known and still exported.
        #expect(hasSeries(#"kafka_consumergroup_current_offset{consumergroup="shipping",topic="orders.v1","#))
    }

    @Test("a topic the group is assigned but never committed on has assigned partitions and no offset sum")
    func assignedWithoutCommitsHasNoOffsetSum() {
        let group = #"{consumergroup="team \"α\"\\ops\nüber-🚀",topic="user_profiles""#
        #expect(lines.contains("kafka_consumergroup_assigned_partitions\(group)} 11"))
        #expect(!hasSeries("kafka_consumergroup_current_offset_sum" + group))
        #expect(!hasSeries("kafka_consumergroup_lag_sum" + group))
    }

    @Test("a clamped lag is exported as 0")
    func clampedLagIsZero() {
        let clamped = #"kafka_consumergroup_lag{consumergroup="billing-service",topic="orders.v1",partition="1"} 0"#
        #expect(lines.contains(clamped))
    }

    @Test("a group that was not described has no members, assignment or info series, and state unknown")
    func undescribedGroupHasNoSeries() {
        #expect(!hasSeries(#"kafka_consumergroup_members{consumergroup="analytics"}"#))
        #expect(!hasSeries(#"kafka_consumergroup_assigned_partitions{consumergroup="analytics","#))
        #expect(!hasSeries(#"kafka_consumergroup_info{consumergroup="analytics","#))
        #expect(lines.contains(#"kafka_consumergroup_state{consumergroup="analytics",state="unknown"} 1"#))
    }

    @Test("a family without series is omitted, HELP and TYPE included")
    func familyWithoutSeriesIsOmitted() {
        var snapshot = FixtureSnapshot.full
        for index in snapshot.groups.indices { snapshot.groups[index].members = nil }
        let page = ExpositionRenderer.render(snapshot).text
        #expect(!page.contains("kafka_consumergroup_members"))
    }

    private func hasSeries(_ prefix: String) -> Bool {
        lines.contains { $0.hasPrefix(prefix) }
    }
}
