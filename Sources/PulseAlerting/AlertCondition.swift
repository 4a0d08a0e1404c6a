public import PulseCore

/// What a rule tests, in the exact PromQL shape the bundled rule files use, with its one tunable
/// number (a threshold or a range window) kept apart so a rule file can change it.
public struct AlertCondition: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `kafka_consumergroup_status{status="stall"} == 1`
        case groupStatus(ConsumerStatus)
        /// `max_over_time(kafka_consumergroup_status{status="rewind"}[15m]) == 1`; parameter: the window.
        case groupStatusSeenWithin(ConsumerStatus)
        /// `kafka_consumergroup_lag_sum > 10000`
        case groupTopicLagAbove
        /// `kafka_consumergroup_max_lag_seconds > 300`
        case groupTopicLagSecondsAbove
        /// `kafka_consumergroup_retention_margin_seconds < 3600`
        case groupTopicRetentionMarginBelow
        /// `kafka_consumergroup_partitions_below_log_start > 0`
        case groupTopicPartitionsBelowLogStartAbove
        /// `kafka_cluster_under_replicated_partitions > 0`
        case clusterUnderReplicatedAbove
        /// `kafka_cluster_under_min_isr_partitions > 0`
        case clusterUnderMinISRAbove
        /// `kafka_cluster_offline_partitions > 0`
        case clusterOfflineAbove
        /// `kafka_cluster_hanging_transaction_partitions > 0`
        case clusterHangingTransactionsAbove
        /// `kafka_cluster_controller_known == 0`
        case clusterControllerUnknown
        /// `kafka_brokers < max_over_time(kafka_brokers[6h])`; parameter: the window.
        case brokersBelowMaxWithin
    }

    public var kind: Kind
    /// The threshold (or window, in seconds) at the `{}` of `template`; nil when it has none.
    public var parameter: Double?

    public init(_ kind: Kind, _ parameter: Double? = nil) {
        self.kind = kind
        self.parameter = parameter
    }

    /// The rule's `expr` with `{}` where the parameter goes.
    public var template: String {
        switch kind {
        case .groupStatus(let status): "kafka_consumergroup_status{status=\"\(status.rawValue)\"} == 1"
        case .groupStatusSeenWithin(let status): "max_over_time(kafka_consumergroup_status{status=\"\(status.rawValue)\"}[{}]) == 1"
        case .groupTopicLagAbove: "kafka_consumergroup_lag_sum > {}"
        case .groupTopicLagSecondsAbove: "kafka_consumergroup_max_lag_seconds > {}"
        case .groupTopicRetentionMarginBelow: "kafka_consumergroup_retention_margin_seconds < {}"
        case .groupTopicPartitionsBelowLogStartAbove: "kafka_consumergroup_partitions_below_log_start > {}"
        case .clusterUnderReplicatedAbove: "kafka_cluster_under_replicated_partitions > {}"
        case .clusterUnderMinISRAbove: "kafka_cluster_under_min_isr_partitions > {}"
        case .clusterOfflineAbove: "kafka_cluster_offline_partitions > {}"
        case .clusterHangingTransactionsAbove: "kafka_cluster_hanging_transaction_partitions > {}"
        case .clusterControllerUnknown: "kafka_cluster_controller_known == 0"
        case .brokersBelowMaxWithin: "kafka_brokers < max_over_time(kafka_brokers[{}])"
        }
    }

    /// Whether the parameter is a range window (a duration) rather than a number.
    public var parameterIsDuration: Bool {
        switch kind {
        case .groupStatusSeenWithin, .brokersBelowMaxWithin: true
        default: false
        }
    }

    /// The PromQL expression, as the rule files spell it.
    public var expression: String {
        guard let parameter else { return template }
        let text = parameterIsDuration ? PromDuration.format(parameter) : Self.formatNumber(parameter)
        return template.replacing("{}", with: text, maxReplacements: 1)
    }

    /// The same kind with the parameter read from `expression`, or nil when the expression has
    /// another shape (whitespace runs count as one space).
    public func reading(_ expression: String) -> AlertCondition? {
        let expr = expression.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        guard let slot = template.firstRange(of: "{}") else { return expr == template ? self : nil }
        let prefix = template[..<slot.lowerBound]
        let suffix = template[slot.upperBound...]
        guard expr.hasPrefix(prefix), expr.hasSuffix(suffix), expr.count > prefix.count + suffix.count else { return nil }
        let text = String(expr.dropFirst(prefix.count).dropLast(suffix.count))
        let value = parameterIsDuration ? PromDuration.parse(text) : Double(text)
        guard let value, value.isFinite else { return nil }
        return AlertCondition(kind, value)
    }

    static func formatNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
