/// Which topics and groups a sample reads. Applied inside the worker, before any offset request,
/// so that excluded names cost nothing.
public struct SampleScope: Hashable, Sendable, Codable {
    public var topicInclude: String?
    public var topicExclude: String?
    public var groupInclude: String?
    public var groupExclude: String?
    /// Groups in these states are left out (for example `empty` or `dead`).
    public var excludedGroupStates: Set<GroupState>
    /// Leave out Kafka's own topics (`__consumer_offsets`, `__transaction_state`, …).
    public var excludeInternalTopics: Bool
    /// This replica's share of the groups (`--shard.total`, `--shard.index`); also whether it reads
    /// and exports the cluster-wide families.
    public var shard: ShardAssignment
    /// `--shard.group`: the worker replaces `shard` at every sample with the partitions its consumer
    /// in this group holds then.
    public var shardGroup: ShardGroup?

    public init(
        topicInclude: String? = nil, topicExclude: String? = nil, groupInclude: String? = nil, groupExclude: String? = nil,
        excludedGroupStates: Set<GroupState> = [], excludeInternalTopics: Bool = false, shard: ShardAssignment = .whole,
        shardGroup: ShardGroup? = nil
    ) {
        self.shard = shard
        self.shardGroup = shardGroup
        self.topicInclude = topicInclude
        self.topicExclude = topicExclude
        self.groupInclude = groupInclude
        self.groupExclude = groupExclude
        self.excludedGroupStates = excludedGroupStates
        self.excludeInternalTopics = excludeInternalTopics
    }

    public static let flagNames = (
        topic: (include: "--topic.filter", exclude: "--topic.exclude"),
        group: (include: "--group.filter", exclude: "--group.exclude")
    )

    public func topicFilter() throws(NameFilter.InvalidPattern) -> NameFilter {
        try NameFilter(include: topicInclude, exclude: topicExclude, flags: Self.flagNames.topic)
    }

    public func groupFilter() throws(NameFilter.InvalidPattern) -> NameFilter {
        try NameFilter(include: groupInclude, exclude: groupExclude, flags: Self.flagNames.group)
    }

    /// Whether a topic is in scope (name filters and the internal-topic switch).
    public func allowsTopic(_ topic: TopicMetadata, filter: NameFilter) -> Bool {
        !(excludeInternalTopics && topic.isInternal) && filter.allows(topic.name)
    }

    /// Whether a group is sampled at all: name filters and this replica's shard. Decided on the
    /// listed id, before any per-group request, so a replica's requests fall with its share.
    public func allowsGroup(_ id: String, filter: NameFilter) -> Bool {
        shard.owns(group: id) && filter.allows(id)
    }
}
