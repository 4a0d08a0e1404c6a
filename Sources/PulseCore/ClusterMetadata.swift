/// A broker as the cluster metadata describes it.
public struct Broker: Hashable, Sendable, Codable {
    public var id: Int32
    public var host: String
    public var port: Int32
    public var rack: String?

    public init(id: Int32, host: String, port: Int32, rack: String? = nil) {
        self.id = id
        self.host = host
        self.port = port
        self.rack = rack
    }

    public var address: String { "\(host):\(port)" }
}

/// Leader, replicas and in-sync replicas of one partition. `leader` is nil when the partition has none.
public struct PartitionMetadata: Hashable, Sendable, Codable {
    public var partition: Int32
    public var leader: Int32?
    public var replicas: [Int32]
    public var inSyncReplicas: [Int32]
    /// The broker's per-partition error name (for example `LEADER_NOT_AVAILABLE`), nil when fine.
    public var error: String?

    public init(partition: Int32, leader: Int32?, replicas: [Int32], inSyncReplicas: [Int32], error: String? = nil) {
        self.partition = partition
        self.leader = leader
        self.replicas = replicas
        self.inSyncReplicas = inSyncReplicas
        self.error = error
    }
}

public struct TopicMetadata: Hashable, Sendable, Codable {
    public var name: String
    public var partitions: [PartitionMetadata]
    public var error: String?

    public init(name: String, partitions: [PartitionMetadata], error: String? = nil) {
        self.name = name
        self.partitions = partitions
        self.error = error
    }

    /// Kafka's own topics (`__consumer_offsets`, `__transaction_state`, …) start with two underscores.
    public var isInternal: Bool { name.hasPrefix("__") }
}

public struct ClusterMetadata: Hashable, Sendable, Codable {
    public var clusterID: String?
    /// The controller the Metadata answer named.
    public var controllerID: Int32?
    /// The controller the DescribeCluster answer of the same sample named (nil when not asked).
    public var describedControllerID: Int32?
    public var brokers: [Broker]
    public var topics: [TopicMetadata]

    public init(
        clusterID: String?, controllerID: Int32?, describedControllerID: Int32? = nil, brokers: [Broker], topics: [TopicMetadata]
    ) {
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.describedControllerID = describedControllerID
        self.brokers = brokers
        self.topics = topics
    }
}
