/// The one registry of metric families. Adding a metric is one file in `Families/`, one line here,
/// a golden-fixture update and a `docs/metrics.md` entry.
enum MetricFamilies {
    static let all: [any MetricFamily] = [
        // Cluster layout
        BrokersFamily(),
        BrokerInfoFamily(),
        TopicPartitionsFamily(),
        TopicCurrentOffsetFamily(),
        TopicOldestOffsetFamily(),
        // Consumer groups
        GroupCurrentOffsetFamily(),
        GroupCurrentOffsetSumFamily(),
        GroupLagFamily(),
        GroupLagSumFamily(),
        GroupMembersFamily(),
        // The exporter itself
        BuildInfoFamily(),
        UpFamily(),
        LastSuccessTimestampFamily(),
        SampleDurationFamily(),
        SamplePhaseDurationFamily(),
        SampleSuccessFamily(),
        SampleErrorsFamily(),
        WorkerFailuresFamily(),
        WorkerRestartsFamily(),
        SamplesFamily(),
        LagClampsFamily(),
        KafkaRequestsFamily(),
        UnknownOffsetPartitionsFamily(),
    ]

    /// Render order: by family name, so that the page is identical for identical snapshots and
    /// diffs between scrapes stay readable. Sorted once, not per render.
    static let sortedByName: [any MetricFamily] = all.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
}
