import PulseCore
import Testing

@testable import PulseExposition

/// The cardinality switches remove or add whole families and leave every other byte alone.
@Suite("Export options")
struct ExportOptionsTests {
    static let groupPartitionFamilies: Set = [
        "kafka_consumergroup_current_offset", "kafka_consumergroup_lag", "kafka_consumergroup_lag_seconds",
    ]
    static let partitionRateFamily = "kafka_topic_partition_produce_rate"
    static let partitionStatusFamily = "kafka_consumergroup_partition_status"

    let full = ExpositionRenderer.render(FixtureSnapshot.full)

    @Test("groupPartitionSeries off removes exactly the per-partition group value families; the per-topic ones stay")
    func groupPartitionSeriesOff() {
        var snapshot = FixtureSnapshot.full
        snapshot.options.groupPartitionSeries = false
        let page = ExpositionRenderer.render(snapshot)

        #expect(Set(familyNames(in: full)).subtracting(familyNames(in: page)) == Self.groupPartitionFamilies)
        #expect(page.lines == lines(of: full, without: Self.groupPartitionFamilies))
        #expect(familyNames(in: page).contains("kafka_consumergroup_current_offset_sum"))
        #expect(familyNames(in: page).contains("kafka_consumergroup_lag_sum"))
        #expect(familyNames(in: page).contains("kafka_consumergroup_max_lag_seconds"))
    }

    @Test("partitionStatusSeries off removes exactly the per-partition status family; the group status stays")
    func partitionStatusSeriesOff() {
        var snapshot = FixtureSnapshot.full
        snapshot.options.partitionStatusSeries = false
        let page = ExpositionRenderer.render(snapshot)

        #expect(Set(familyNames(in: full)).subtracting(familyNames(in: page)) == [Self.partitionStatusFamily])
        #expect(page.lines == lines(of: full, without: [Self.partitionStatusFamily]))
        #expect(familyNames(in: page).contains("kafka_consumergroup_status"))
    }

    @Test("partitionProduceRates on adds exactly the per-partition produce rate family")
    func partitionProduceRatesOn() {
        var snapshot = FixtureSnapshot.full
        snapshot.options.partitionProduceRates = false
        let without = ExpositionRenderer.render(snapshot)

        #expect(Set(familyNames(in: full)).subtracting(familyNames(in: without)) == [Self.partitionRateFamily])
        #expect(without.lines == lines(of: full, without: [Self.partitionRateFamily]))
        // The per-topic rate does not depend on the switch.
        #expect(familyNames(in: without).contains("kafka_topic_produce_rate"))
    }

    @Test("the size estimate shrinks with the switches off but still covers the page")
    func estimateFollowsOptions() {
        var snapshot = FixtureSnapshot.generated(topics: 20, partitions: 30, groups: 10)
        let full = ExpositionRenderer.estimatedSize(of: snapshot)
        snapshot.options = ExportOptions(groupPartitionSeries: false, partitionProduceRates: false)
        let reduced = ExpositionRenderer.estimatedSize(of: snapshot)
        #expect(reduced < full)
        #expect(reduced >= ExpositionRenderer.render(snapshot).count)
    }
}
