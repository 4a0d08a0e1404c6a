import PulseCore

/// The rules of `alerts/*.yml` that the exporter can evaluate from one snapshot and its own short
/// memory. Left out: KafkaConsumerGroupLagGrowing (a 10-minute `deriv` over the recording rules)
/// and the exporter's own alerts (KafkaPulseDown, Stale, SamplesFailing, WorkerFailing: an exporter
/// in trouble is the worst judge of itself, so they stay with Prometheus), and KafkaPulseShardsUncovered
/// (it compares replicas; one replica sees only itself).
public enum BundledAlertRules {
    static let runbook = "https://github.com/kafka-pulse/kafka-pulse/blob/main/docs/runbook.md#"

    public static let all: [AlertRule] = [
        rule("KafkaConsumerGroupLagHigh", .init(.groupTopicLagAbove, 10_000), for: 600, "warning"),
        rule("KafkaConsumerGroupLagSecondsHigh", .init(.groupTopicLagSecondsAbove, 300), for: 300, "warning"),
        rule("KafkaConsumerGroupStalled", .init(.groupStatus(.stall)), for: 300, "critical"),
        rule("KafkaConsumerGroupStopped", .init(.groupStatus(.stop)), for: 300, "critical"),
        rule("KafkaConsumerGroupRewound", .init(.groupStatusSeenWithin(.rewind), 900), for: 0, "warning"),
        rule("KafkaConsumerGroupRetentionRisk", .init(.groupTopicRetentionMarginBelow, 3_600), for: 300, "critical"),
        rule("KafkaConsumerGroupDataLost", .init(.groupTopicPartitionsBelowLogStartAbove, 0), for: 60, "critical"),
        rule("KafkaUnderReplicatedPartitions", .init(.clusterUnderReplicatedAbove, 0), for: 600, "warning"),
        rule("KafkaPartitionsUnderMinISR", .init(.clusterUnderMinISRAbove, 0), for: 60, "critical"),
        rule("KafkaOfflinePartitions", .init(.clusterOfflineAbove, 0), for: 60, "critical"),
        rule("KafkaHangingTransaction", .init(.clusterHangingTransactionsAbove, 0), for: 60, "critical"),
        rule("KafkaBrokerCountDropped", .init(.brokersBelowMaxWithin, 21_600), for: 300, "warning"),
        rule("KafkaNoActiveController", .init(.clusterControllerUnknown), for: 60, "critical"),
    ]

    private static func rule(_ name: String, _ condition: AlertCondition, for holdFor: Double, _ severity: String) -> AlertRule {
        AlertRule(
            name: name, condition: condition, holdFor: holdFor, labels: ["severity": severity],
            runbookURL: runbook + name.lowercased())
    }
}
