import PulseCore

/// Summary and description of an alert, worded like the bundled rules' annotations. The rule files'
/// templates query Prometheus (`query`, `humanize`), which the exporter cannot run; these say the
/// same from the labels and the value.
enum AlertText {
    static func summary(_ kind: AlertCondition.Kind, labels: [String: String], value: Double) -> String {
        let group = labels["consumergroup"] ?? ""
        let topic = labels["topic"] ?? ""
        switch kind {
        case .groupStatus(.stall): return "Consumer group \(group) is stalled"
        case .groupStatus(.stop): return "Consumer group \(group) has stopped consuming"
        case .groupStatus(let status): return "Consumer group \(group) has status \(status.rawValue)"
        case .groupStatusSeenWithin(.rewind): return "Consumer group \(group) moved its committed offsets backwards"
        case .groupStatusSeenWithin(let status): return "Consumer group \(group) had status \(status.rawValue)"
        case .groupTopicLagAbove: return "Consumer group \(group) is \(humanize(value)) messages behind on \(topic)"
        case .groupTopicLagSecondsAbove: return "Consumer group \(group) is \(humanizeDuration(value)) behind on \(topic)"
        case .groupTopicRetentionMarginBelow:
            return "Unconsumed messages of \(group) on \(topic) are deleted in \(humanizeDuration(value))"
        case .groupTopicPartitionsBelowLogStartAbove: return "Consumer group \(group) lost unconsumed messages on \(topic)"
        case .clusterUnderReplicatedAbove: return "\(humanize(value)) partitions are under-replicated"
        case .clusterUnderMinISRAbove: return "\(humanize(value)) partitions are under min.insync.replicas"
        case .clusterOfflineAbove: return "\(humanize(value)) partitions are offline"
        case .clusterHangingTransactionsAbove: return "\(humanize(value)) partitions have a hanging transaction"
        case .clusterControllerUnknown: return "The cluster has no active controller"
        case .brokersBelowMaxWithin: return "The cluster has \(humanize(value)) brokers, fewer than before"
        }
    }

    static func description(_ condition: AlertCondition, labels: [String: String], value: Double) -> String {
        let group = labels["consumergroup"] ?? ""
        let topic = labels["topic"] ?? ""
        let threshold = condition.parameter ?? 0
        switch condition.kind {
        case .groupStatus(.stall):
            return "kafka-pulse rates consumer group \(group) as stalled: it has members and lag, but its committed offsets have not moved."
        case .groupStatus(.stop):
            return "kafka-pulse rates consumer group \(group) as stopped: it has lag, no members, and its committed offsets have not moved."
        case .groupStatus(let status):
            return "kafka-pulse rates consumer group \(group) as \(status.rawValue)."
        case .groupStatusSeenWithin(let status):
            return "Within the last \(PromDuration.format(threshold)) consumer group \(group) had status \(status.rawValue)"
                + (status == .rewind ? ": it committed an offset below one it had committed before and re-reads messages." : ".")
        case .groupTopicLagAbove:
            return "Consumer group \(group) lags \(humanize(value)) messages on topic \(topic) (threshold \(humanize(threshold)))."
        case .groupTopicLagSecondsAbove:
            return "The oldest message consumer group \(group) has not consumed on topic \(topic) is \(humanizeDuration(value)) old "
                + "(threshold \(humanizeDuration(threshold)))."
        case .groupTopicRetentionMarginBelow:
            return "Retention deletes messages of topic \(topic) that consumer group \(group) has not read yet in \(humanizeDuration(value))."
        case .groupTopicPartitionsBelowLogStartAbove:
            return "On \(humanize(value)) partition(s) of topic \(topic) the offset consumer group \(group) committed is below the "
                + "earliest offset still in the log: retention deleted messages the group never read."
        case .clusterUnderReplicatedAbove:
            return "\(humanize(value)) partitions have fewer in-sync replicas than replicas; one more broker failure can take them offline."
        case .clusterUnderMinISRAbove:
            return "\(humanize(value)) partitions have fewer in-sync replicas than min.insync.replicas: producers with acks=all cannot write to them."
        case .clusterOfflineAbove:
            return "\(humanize(value)) partitions have no leader: producing to and consuming from them fails."
        case .clusterHangingTransactionsAbove:
            return "\(humanize(value)) partitions have had a transaction open for longer than the exporter's --transaction.hanging-after: "
                + "read_committed consumers cannot read past its first offset (the last stable offset) until its producer commits or "
                + "aborts it, or Kafka aborts it. kafka_topic_partition_open_transaction_seconds names the partitions."
        case .clusterControllerUnknown:
            return "The cluster metadata names no controller: no partition leader can be elected until one is."
        case .brokersBelowMaxWithin:
            return "The cluster metadata lists \(humanize(value)) brokers; within the last \(PromDuration.format(threshold)) it listed more."
        }
    }

    /// Like Prometheus' `humanize`: 12345 -> "12.35k".
    static func humanize(_ value: Double) -> String {
        let prefixes = ["", "k", "M", "G", "T", "P"]
        var scaled = value
        var index = 0
        while abs(scaled) >= 1000, index < prefixes.count - 1 {
            scaled /= 1000
            index += 1
        }
        if scaled == scaled.rounded() { return "\(Int64(scaled))\(prefixes[index])" }
        return "\((scaled * 100).rounded() / 100)\(prefixes[index])"
    }

    /// Like Prometheus' `humanizeDuration`: 3725 -> "1h 2m 5s".
    static func humanizeDuration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "\(seconds)s" }
        let sign = seconds < 0 ? "-" : ""
        var rest = Int64(abs(seconds).rounded())
        if rest < 60 { return "\(sign)\(rest)s" }
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        parts.append("\(rest)s")
        return sign + parts.joined(separator: " ")
    }
}
