/// The coordinator's view of a consumer group's state (DescribeConsumerGroups / ListConsumerGroups).
public enum GroupState: String, CaseIterable, Hashable, Sendable, Codable {
    case stable
    case empty
    case preparingRebalance = "preparing_rebalance"
    case completingRebalance = "completing_rebalance"
    case dead
    case unknown
}

/// A consumer group and, when DescribeConsumerGroups answered for it, its membership.
public struct ConsumerGroup: Hashable, Sendable, Codable {
    public var id: String
    public var state: GroupState
    /// Number of members; nil when the group was not described (describe failed or was skipped).
    public var members: Int?
    public var coordinator: Int32?
    /// The partition assignor of the group's current generation (`range`, `cooperative-sticky`, …).
    public var assignor: String?
    /// Partitions assigned to the group's members, by topic; nil when the group was not described.
    public var assignedPartitions: [String: Int]?
    public var error: String?

    public init(
        id: String, state: GroupState, members: Int? = nil, coordinator: Int32? = nil, assignor: String? = nil,
        assignedPartitions: [String: Int]? = nil, error: String? = nil
    ) {
        self.id = id
        self.state = state
        self.members = members
        self.coordinator = coordinator
        self.assignor = assignor
        self.assignedPartitions = assignedPartitions
        self.error = error
    }
}

/// The offsets one group has committed. Partitions without a committed offset are absent.
public struct GroupOffsets: Hashable, Sendable, Codable {
    public var group: String
    public var committed: [TopicPartition: Int64]
    public var error: String?

    public init(group: String, committed: [TopicPartition: Int64], error: String? = nil) {
        self.group = group
        self.committed = committed
        self.error = error
    }
}
