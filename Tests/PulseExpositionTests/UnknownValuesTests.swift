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

    @Test("a partition with no known offsets has neither offset series")
    func unknownOffsetsHaveNoSeries() {
        #expect(!lines.contains { $0.contains(#"{topic="payment-events",partition="1"}"#) })
    }

    @Test("unknown lag has no series, and a topic whose lags are all unknown has no lag sum")
    func unknownLagHasNoSeries() {
        #expect(!hasSeries(#"kafka_consumergroup_lag{consumergroup="shipping",topic="orders.v1","#))
        #expect(!hasSeries(#"kafka_consumergroup_lag_sum{consumergroup="shipping",topic="orders.v1"}"#))
        // The committed offset is still known and still exported.
        #expect(hasSeries(#"kafka_consumergroup_current_offset{consumergroup="shipping",topic="orders.v1","#))
    }

    @Test("a clamped lag is exported as 0")
    func clampedLagIsZero() {
        let clamped = #"kafka_consumergroup_lag{consumergroup="billing-service",topic="orders.v1",partition="1"} 0"#
        #expect(lines.contains(clamped))
    }

    @Test("a group whose members are unknown has no members series")
    func unknownMembersHaveNoSeries() {
        #expect(!hasSeries(#"kafka_consumergroup_members{consumergroup="analytics"}"#))
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
