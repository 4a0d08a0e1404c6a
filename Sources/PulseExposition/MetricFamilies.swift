/// The one registry of metric families. Adding a metric is one file in `Families/`, one line here,
/// a golden-fixture update and a catalogue entry in the README's "Metrics" section.
enum MetricFamilies {
    static let all: [any MetricFamily] = [
        // Cluster and brokers
        ClusterInfoFamily(),
        ClusterControllerKnownFamily(),
        ClusterUnderReplicatedPartitionsFamily(),
        ClusterOfflinePartitionsFamily(),
        ClusterUnderMinISRPartitionsFamily(),
        BrokersFamily(),
        BrokerInfoFamily(),
        BrokerLeaderPartitionsFamily(),
        BrokerReplicaPartitionsFamily(),
        // Topics
        TopicPartitionsFamily(),
        TopicReplicationFactorFamily(),
        TopicUnderReplicatedPartitionsFamily(),
        TopicOfflinePartitionsFamily(),
        TopicUnderMinISRPartitionsFamily(),
        TopicConfigInfoFamily(),
        TopicConfigRetentionSecondsFamily(),
        TopicConfigRetentionBytesFamily(),
        TopicConfigMinInsyncReplicasFamily(),
        TopicProduceRateFamily(),
        // Partitions
        TopicCurrentOffsetFamily(),
        TopicOldestOffsetFamily(),
        TopicPartitionLeaderFamily(),
        TopicPartitionReplicasFamily(),
        TopicPartitionInSyncReplicasFamily(),
        TopicPartitionLeaderIsPreferredFamily(),
        TopicPartitionUnderReplicatedFamily(),
        TopicPartitionOfflineFamily(),
        TopicPartitionUnderMinISRFamily(),
        TopicPartitionProduceRateFamily(),
        // Consumer groups
        GroupStateFamily(),
        GroupInfoFamily(),
        GroupMembersFamily(),
        GroupAssignedPartitionsFamily(),
        GroupCurrentOffsetFamily(),
        GroupCurrentOffsetSumFamily(),
        GroupLagFamily(),
        GroupLagSumFamily(),
        GroupConsumeRateFamily(),
        GroupLagSecondsFamily(),
        GroupMaxLagSecondsFamily(),
        GroupLagSecondsEstimatesFamily(),
        GroupCatchUpSecondsFamily(),
        GroupRetentionMarginFamily(),
        GroupPartitionsBelowLogStartFamily(),
        GroupStatusFamily(),
        GroupPartitionStatusFamily(),
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
