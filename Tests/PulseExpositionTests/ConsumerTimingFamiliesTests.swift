import PulseCore
import Testing

@testable import PulseExposition

/// Lag in seconds, catch-up time, retention risk and consumer status on the page: what is there,
/// and what is absent rather than a misleading 0.
@Suite("Lag in seconds, catch-up, retention risk and status families")
struct ConsumerTimingFamiliesTests {
    let lines = ExpositionRenderer.render(FixtureSnapshot.full).lines

    @Test("lag in seconds per partition: the estimate, 0 when caught up, absent while unknown")
    func lagSecondsPerPartition() {
        let analytics = #"kafka_consumergroup_lag_seconds{consumergroup="analytics",topic="user_profiles",partition="#
        #expect(lines.contains(analytics + #""0"} 12.5"#))
        #expect(lines.contains(analytics + #""9"} 0"#))
        #expect(lines.contains(analytics + #""10"} 3600.25"#))
        // A clamped lag is caught up.
        #expect(lines.contains(#"kafka_consumergroup_lag_seconds{consumergroup="billing-service",topic="orders.v1",partition="1"} 0"#))
        // Unknown lag, no estimate: no series, never 0.
        #expect(!hasSeries(#"kafka_consumergroup_lag_seconds{consumergroup="shipping",topic="orders.v1","#))
        #expect(!hasSeries(#"kafka_consumergroup_max_lag_seconds{consumergroup="shipping",topic="orders.v1"}"#))
    }

    @Test("the largest lag in seconds per group and topic, with the methods behind it")
    func maxLagSecondsAndMethods() {
        #expect(lines.contains(#"kafka_consumergroup_max_lag_seconds{consumergroup="analytics",topic="user_profiles"} 3600.25"#))
        let methods = #"kafka_consumergroup_lag_seconds_estimates{consumergroup="analytics",topic="user_profiles",method="#
        #expect(lines.contains(methods + #""caught_up"} 1"#))
        #expect(lines.contains(methods + #""extrapolated"} 0"#))
        #expect(lines.contains(methods + #""interpolated"} 1"#))
        #expect(lines.contains(methods + #""lower_bound"} 1"#))
        #expect(!hasSeries(#"kafka_consumergroup_lag_seconds_estimates{consumergroup="shipping",topic="orders.v1","#))
    }

    @Test("catch-up time only while draining, 0 when caught up")
    func catchUpOnlyWhileDraining() {
        #expect(lines.contains(#"kafka_consumergroup_catchup_seconds{consumergroup="billing-service",topic="orders.v1"} 2.5"#))
        #expect(lines.contains(#"kafka_consumergroup_catchup_seconds{consumergroup="shipping",topic="payment-events"} 0"#))
        #expect(!hasSeries(#"kafka_consumergroup_catchup_seconds{consumergroup="analytics","#))
    }

    @Test("retention margin only with retention by time; partitions below the log start counted, 0 included")
    func retentionRisk() {
        #expect(
            lines.contains(#"kafka_consumergroup_retention_margin_seconds{consumergroup="billing-service",topic="orders.v1"} 604799.6"#))
        #expect(!hasSeries(#"kafka_consumergroup_retention_margin_seconds{consumergroup="analytics","#))
        let below = "kafka_consumergroup_partitions_below_log_start"
        #expect(lines.contains(below + #"{consumergroup="billing-service",topic="payment-events"} 1"#))
        #expect(lines.contains(below + #"{consumergroup="billing-service",topic="orders.v1"} 0"#))
        // Assigned but never committed: nothing to lose, no series.
        #expect(!hasSeries(below + #"{consumergroup="team \"α\"\\ops\nüber-🚀",topic="user_profiles"}"#))
    }

    @Test("group status is one-hot over every status, for every group")
    func groupStatusOneHot() {
        for (group, current) in [("analytics", "warning"), ("billing-service", "rewind"), ("shipping", "error")] {
            let series = lines.filter { $0.hasPrefix(#"kafka_consumergroup_status{consumergroup="\#(group)","#) }
            #expect(series.count == ConsumerStatus.allCases.count, "\(group)")
            #expect(series.filter { $0.hasSuffix(" 1") } == [#"kafka_consumergroup_status{consumergroup="\#(group)",status="\#(current)"} 1"#])
        }
        let statuses = lines.filter { $0.hasPrefix(#"kafka_consumergroup_status{consumergroup="analytics","#) }
            .compactMap { $0.split(separator: "\"").dropFirst(3).first.map(String.init) }
        #expect(statuses == ["error", "ok", "rewind", "stall", "stop", "warning"])
    }

    @Test("per-partition status is one-hot per partition, behind its switch")
    func partitionStatus() {
        let prefix = #"kafka_consumergroup_partition_status{consumergroup="shipping",topic="orders.v1",partition="2",status="#
        #expect(lines.filter { $0.hasPrefix(prefix) }.count == 6)
        #expect(lines.contains(prefix + #""error"} 1"#))
        #expect(lines.contains(prefix + #""ok"} 0"#))
    }

    private func hasSeries(_ prefix: String) -> Bool {
        lines.contains { $0.hasPrefix(prefix) }
    }
}
