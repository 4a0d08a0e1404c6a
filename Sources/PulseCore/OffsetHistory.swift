/// A consumer group's position on one partition: the key of committed-offset history.
public struct GroupPartition: Hashable, Sendable {
    public var group: String
    public var topicPartition: TopicPartition

    public init(group: String, topicPartition: TopicPartition) {
        self.group = group
        self.topicPartition = topicPartition
    }
}

/// The sampler's own offset history, the source of produce and consume rates, lag in seconds and
/// consumer status. Partitions and groups that disappear from the cluster are pruned with the
/// sample that no longer shows them, so churn cannot grow it.
public struct OffsetHistory: Sendable {
    public let limits: HistoryLimits
    /// Observations per group and partition kept for the status rules.
    public let statusWindow: Int
    public private(set) var endOffsets: [TopicPartition: OffsetSeries] = [:]
    public private(set) var committedOffsets: [GroupPartition: OffsetSeries] = [:]
    public private(set) var statusWindows: [GroupPartition: StatusWindow] = [:]

    public init(limits: HistoryLimits, statusWindow: Int = StatusRules().window) {
        self.limits = limits
        self.statusWindow = statusWindow
    }

    /// Adds one sample's offsets. `partitions` is every partition the sample's metadata listed: a
    /// partition that is listed but has no known offset keeps its history; one that is not listed
    /// (topic deleted) loses it. Likewise for groups: `committed` holds every group the sample read,
    /// and a group in `unreadGroups` (its offsets could not be read this time) keeps its history
    /// rather than restart it after one failed request.
    ///
    /// The status rules judge the lag against `readableEnds` (the last stable offset, where a
    /// read_committed consumer has to wait for an open transaction) and fall back to `latest` for
    /// a partition missing there: a group waiting at the LSO is caught up on all it can read, and
    /// the open transaction is the partition's problem, not the group's.
    public mutating func record(
        at seconds: Double, partitions: Set<TopicPartition>, latest: [TopicPartition: Int64],
        committed: [GroupPartition: Int64], unreadGroups: Set<String> = [], readableEnds: [TopicPartition: Int64] = [:]
    ) {
        endOffsets = endOffsets.filter { partitions.contains($0.key) }
        for (partition, offset) in latest {
            endOffsets[partition, default: OffsetSeries()].append(OffsetPoint(seconds: seconds, offset: offset), limits: limits)
        }
        let kept = { (key: GroupPartition) in committed[key] != nil || unreadGroups.contains(key.group) }
        committedOffsets = committedOffsets.filter { kept($0.key) }
        statusWindows = statusWindows.filter { kept($0.key) }
        for (key, offset) in committed {
            committedOffsets[key, default: OffsetSeries()].append(OffsetPoint(seconds: seconds, offset: offset), limits: limits)
            // Like `PartitionLag`: a committed offset ahead of the end offset is no lag.
            let end = readableEnds[key.topicPartition] ?? latest[key.topicPartition]
            let lag = end.map { max(0, $0 - offset) }
            statusWindows[key, default: StatusWindow(capacity: statusWindow)].append(
                StatusWindow.Observation(seconds: seconds, committed: offset, lag: lag))
        }
    }

    public var seriesCount: HistorySeriesCount {
        HistorySeriesCount(partitions: endOffsets.count, groupPartitions: committedOffsets.count)
    }

    public func produceRate(_ partition: TopicPartition, windowSeconds: Double) -> Double? {
        endOffsets[partition]?.rate(overSeconds: windowSeconds)
    }

    public func consumeRate(_ key: GroupPartition, windowSeconds: Double) -> Double? {
        committedOffsets[key]?.rate(overSeconds: windowSeconds)
    }
}

/// How many offset series the history holds.
public struct HistorySeriesCount: Hashable, Sendable {
    public var partitions: Int
    public var groupPartitions: Int

    public init(partitions: Int = 0, groupPartitions: Int = 0) {
        self.partitions = partitions
        self.groupPartitions = groupPartitions
    }
}
