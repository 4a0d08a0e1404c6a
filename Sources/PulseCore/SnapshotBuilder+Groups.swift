extension SnapshotBuilder {
    /// Joins each group's committed offsets to the sample's end offsets and to the offset history
    /// (already holding this sample): lag, lag in seconds, status, rates and forecasts.
    func groupReports(
        described groupList: [ConsumerGroup], committedByGroup: [String: [TopicPartition: Int64]], unreadGroups: Set<String>,
        offsets: [TopicPartition: PartitionOffsets], configs: [String: TopicConfig], at now: Double
    ) -> (groups: [GroupReport], clamps: Int) {
        var described: [String: ConsumerGroup] = [:]
        for group in groupList { described[group.id] = group }
        var clamps = 0
        let groupIDs = Set(described.keys).union(committedByGroup.keys).sorted()
        let groups = groupIDs.map { id in
            // A negative committed offset is librdkafka's "no commit": no row, never a lag of -1.
            let committed = (committedByGroup[id] ?? [:]).filter { $0.value >= 0 }
            let byTopic = Dictionary(grouping: committed, by: \.key.topic)
            let group = described[id]
            let assigned = group?.assignedPartitions
            let membersPresent = (group?.members ?? 0) > 0
            let topicNames = Set(byTopic.keys).union(assigned?.keys.map { $0 } ?? []).sorted()
            var status: ConsumerStatus = unreadGroups.contains(id) ? .error : .ok
            let topics = topicNames.map { topic in
                let entries = (byTopic[topic] ?? []).sorted { $0.key < $1.key }
                let report = topicReport(
                    group: id, topic: topic, entries: entries, membersPresent: membersPresent, offsets: offsets,
                    retentionSeconds: configs[topic]?.deletionAfterSeconds, assigned: assigned.map { $0[topic] ?? 0 }, at: now)
                clamps += report.partitions.count { $0.lag == .clamped }
                for partition in report.partitions { status = status.worse(partition.status) }
                return report
            }
            return GroupReport(
                id: id, state: group?.state, members: group?.members, topics: topics, coordinator: group?.coordinator,
                assignor: group?.assignor, type: group?.type, status: status)
        }
        return (groups, clamps)
    }

    private func topicReport(
        group: String, topic: String, entries: [(key: TopicPartition, value: Int64)], membersPresent: Bool,
        offsets: [TopicPartition: PartitionOffsets], retentionSeconds: Double?, assigned: Int?, at now: Double
    ) -> GroupTopicReport {
        let history = offsetHistory
        let window = options.rateWindowSeconds
        var consumeRate: Double?
        // Net drain over the partitions with a known lag; nil as soon as one of them lacks a rate,
        // since a partial sum would overstate how fast the group drains.
        var drain: (consume: Double, produce: Double)? = (0, 0)
        let partitions = entries.map { entry in
            let key = GroupPartition(group: group, topicPartition: entry.key)
            let found = offsets[entry.key]
            let lag = PartitionLag(committed: entry.value, logEnd: found?.latest)
            let consumed = history.consumeRate(key, windowSeconds: window)
            if let consumed { consumeRate = (consumeRate ?? 0) + consumed }
            if lag.value != nil {
                if let consumed, let produced = history.produceRate(entry.key, windowSeconds: window), let sum = drain {
                    drain = (sum.consume + consumed, sum.produce + produced)
                } else {
                    drain = nil
                }
            }
            return GroupPartitionReport(
                partition: entry.key.partition, committed: entry.value, lag: lag,
                lagSeconds: lagSeconds(key, committed: entry.value, lag: lag, offsets: found, retentionSeconds: retentionSeconds, at: now),
                status: options.status.evaluate(
                    history.statusWindows[key]?.observations ?? [], now: now, membersPresent: membersPresent),
                belowLogStart: found?.earliest.map { entry.value < $0 } ?? false)
        }
        var report = GroupTopicReport(topic: topic, partitions: partitions, assignedPartitions: assigned, consumeRate: consumeRate)
        if report.lagSum == 0 {
            // Caught up needs no rate: 0 from the first sample on.
            report.catchUpSeconds = 0
        } else if let lag = report.lagSum, let drain {
            report.catchUpSeconds = LagForecast.catchUpSeconds(lag: lag, consumeRate: drain.consume, produceRate: drain.produce)
        }
        report.retentionMarginSeconds = LagForecast.retentionMarginSeconds(
            retentionSeconds: retentionSeconds, lagSeconds: report.maxLagSeconds)
        return report
    }

    /// Messages below the log start are gone: the oldest unconsumed message that still exists is
    /// the earliest one, so a group left behind by retention is dated from there, which also keeps
    /// the estimate within the retention time.
    private func lagSeconds(
        _ key: GroupPartition, committed: Int64, lag: PartitionLag, offsets: PartitionOffsets?, retentionSeconds: Double?,
        at now: Double
    ) -> LagTimeEstimate? {
        let earliest = offsets?.earliest
        switch lag {
        case .unknown: return nil
        case .clamped, .known(0): return .caughtUp
        case .known:
            // At or past the LSO the group has read everything it can until the open transaction
            // ends: nothing it can consume is waiting, so it is not behind in time. The records
            // behind the LSO are dated on the partition (`OpenTransactions`) instead. The LSO and
            // the high watermark come from concurrent requests, so a group within the few records
            // written between the two counts as caught up too, which it all but is.
            if let stable = offsets?.stable, committed >= stable { return .caughtUp }
            let oldestUnconsumed = max(committed, earliest ?? committed)
            return offsetHistory.endOffsets[key.topicPartition]?.lagSeconds(
                committed: oldestUnconsumed, now: now,
                capSeconds: retentionSeconds ?? LagTimeEstimate.defaultExtrapolationCapSeconds)
        }
    }
}
