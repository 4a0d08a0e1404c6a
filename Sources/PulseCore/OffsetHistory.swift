/// A consumer group's position on one partition: the key of committed-offset history.
public struct GroupPartition: Hashable, Sendable {
    public var group: String
    public var topicPartition: TopicPartition

    public init(group: String, topicPartition: TopicPartition) {
        self.group = group
        self.topicPartition = topicPartition
    }
}

/// The sampler's own offset history, the source of produce and consume rates (and of lag in
/// seconds). Partitions and groups that disappear from the cluster are pruned with the sample that
/// no longer shows them, so churn cannot grow it.
public struct OffsetHistory: Sendable {
    public let limits: HistoryLimits
    public private(set) var endOffsets: [TopicPartition: OffsetSeries] = [:]
    public private(set) var committedOffsets: [GroupPartition: OffsetSeries] = [:]

    public init(limits: HistoryLimits) {
        self.limits = limits
    }

    /// Adds one sample's offsets. `partitions` is every partition the sample's metadata listed: a
    /// partition that is listed but has no known offset keeps its history; one that is not listed
    /// (topic deleted) loses it. Likewise for groups: `committed` holds every group the sample read.
    public mutating func record(
        at seconds: Double, partitions: Set<TopicPartition>, latest: [TopicPartition: Int64],
        committed: [GroupPartition: Int64]
    ) {
        endOffsets = endOffsets.filter { partitions.contains($0.key) }
        for (partition, offset) in latest {
            endOffsets[partition, default: OffsetSeries()].append(OffsetPoint(seconds: seconds, offset: offset), limits: limits)
        }
        committedOffsets = committedOffsets.filter { committed[$0.key] != nil }
        for (key, offset) in committed {
            committedOffsets[key, default: OffsetSeries()].append(OffsetPoint(seconds: seconds, offset: offset), limits: limits)
        }
    }

    public func produceRate(_ partition: TopicPartition, windowSeconds: Double) -> Double? {
        endOffsets[partition]?.rate(overSeconds: windowSeconds)
    }

    public func consumeRate(_ key: GroupPartition, windowSeconds: Double) -> Double? {
        committedOffsets[key]?.rate(overSeconds: windowSeconds)
    }
}
