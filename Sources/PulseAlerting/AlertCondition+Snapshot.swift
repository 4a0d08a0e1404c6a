import PulseCore

extension AlertCondition {
    /// The series for which the condition holds on `snapshot`, with the labels the Prometheus
    /// expression would give them: a series missing from the page (unknown) never matches, just as
    /// a comparison in PromQL drops absent series.
    func series(in snapshot: ClusterSnapshot, memory: ConditionMemory, at now: Double) -> [AlertSeries] {
        let threshold = parameter ?? 0
        // The cluster families are absent until the metadata named a broker: no series, no alert.
        if isClusterWide && snapshot.brokers.isEmpty { return [] }
        switch kind {
        case .groupStatus(let status):
            return snapshot.groups.filter { $0.status == status }.map {
                AlertSeries(labels: ["consumergroup": $0.id, "status": status.rawValue], value: 1)
            }
        case .groupStatusSeenWithin(let status):
            return memory.groupsSeen(status: status.rawValue, within: threshold, at: now).map {
                AlertSeries(labels: ["consumergroup": $0, "status": status.rawValue], value: 1)
            }
        case .groupTopicLagAbove:
            return groupTopicSeries(snapshot) { topic in topic.lagSum.map(Double.init).flatMap { $0 > threshold ? $0 : nil } }
        case .groupTopicLagSecondsAbove:
            return groupTopicSeries(snapshot) { topic in topic.maxLagSeconds.flatMap { $0 > threshold ? $0 : nil } }
        case .groupTopicRetentionMarginBelow:
            return groupTopicSeries(snapshot) { topic in topic.retentionMarginSeconds.flatMap { $0 < threshold ? $0 : nil } }
        case .groupTopicPartitionsBelowLogStartAbove:
            return groupTopicSeries(snapshot) { topic in
                let count = Double(topic.partitionsBelowLogStart)
                return count > threshold ? count : nil
            }
        case .clusterUnderReplicatedAbove:
            return clusterSeries(Double(snapshot.underReplicatedPartitions), above: threshold)
        case .clusterUnderMinISRAbove:
            // Absent while no topic's config is known: no series, no alert (as in PromQL).
            guard let count = snapshot.underMinInsyncPartitions else { return [] }
            return clusterSeries(Double(count), above: threshold)
        case .clusterOfflineAbove:
            return clusterSeries(Double(snapshot.offlinePartitions), above: threshold)
        case .clusterHangingTransactionsAbove:
            // Absent while no last stable offset is known: no series, no alert (as in PromQL).
            guard let count = snapshot.hangingTransactionPartitions else { return [] }
            return clusterSeries(Double(count), above: threshold)
        case .clusterControllerUnknown:
            return !snapshot.controllerKnown ? [AlertSeries(labels: [:], value: 0)] : []
        case .brokersBelowMaxWithin:
            guard let most = memory.maxBrokers(within: threshold, at: now), snapshot.brokers.count < most else { return [] }
            return [AlertSeries(labels: [:], value: Double(snapshot.brokers.count))]
        }
    }

    var isClusterWide: Bool {
        switch kind {
        case .clusterUnderReplicatedAbove, .clusterUnderMinISRAbove, .clusterOfflineAbove, .clusterHangingTransactionsAbove,
            .clusterControllerUnknown, .brokersBelowMaxWithin:
            true
        default: false
        }
    }

    private func groupTopicSeries(_ snapshot: ClusterSnapshot, _ value: (GroupTopicReport) -> Double?) -> [AlertSeries] {
        var found: [AlertSeries] = []
        for group in snapshot.groups {
            for topic in group.topics {
                if let matched = value(topic) {
                    found.append(AlertSeries(labels: ["consumergroup": group.id, "topic": topic.topic], value: matched))
                }
            }
        }
        return found
    }

    private func clusterSeries(_ value: Double, above threshold: Double) -> [AlertSeries] {
        value > threshold ? [AlertSeries(labels: [:], value: value)] : []
    }
}
