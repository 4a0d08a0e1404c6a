/// The coordinator's view of a consumer group's state (DescribeConsumerGroups / ListConsumerGroups).
public enum GroupState: String, CaseIterable, Hashable, Sendable, Codable {
    case stable
    case empty
    /// Classic protocol: members rejoin (JoinGroup), then the leader's assignment is distributed.
    case preparingRebalance = "preparing_rebalance"
    case completingRebalance = "completing_rebalance"
    /// Consumer protocol (KIP-848): the coordinator computes a new target assignment, then the
    /// members converge on it one by one.
    case assigning
    case reconciling
    case dead
    case unknown

    /// The states a group of this type can be in: the protocols rebalance through different ones.
    /// A group of unknown type is shown with the classic protocol's states.
    public static func states(of type: GroupType?) -> [GroupState] {
        switch type {
        case .consumer: [.stable, .empty, .assigning, .reconciling, .dead, .unknown]
        case .classic, nil: [.stable, .empty, .preparingRebalance, .completingRebalance, .dead, .unknown]
        }
    }
}

/// The rebalance protocol a group runs: the classic one (JoinGroup/SyncGroup, the client assigns) or
/// KIP-848's consumer protocol (`group.protocol=consumer`, the broker assigns; Kafka 4.0 and later,
/// 3.7–3.8 when enabled on the brokers).
public enum GroupType: String, CaseIterable, Hashable, Sendable, Codable {
    case classic
    case consumer
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
    /// nil when neither the listing nor the description said (brokers before ListGroups v5).
    public var type: GroupType?
    public var error: String?

    public init(
        id: String, state: GroupState, members: Int? = nil, coordinator: Int32? = nil, assignor: String? = nil,
        assignedPartitions: [String: Int]? = nil, type: GroupType? = nil, error: String? = nil
    ) {
        self.type = type
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
