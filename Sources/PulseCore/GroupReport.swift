/// One group's committed offset and lag on one partition.
public struct GroupPartitionReport: Hashable, Sendable {
    public var partition: Int32
    public var committed: Int64
    public var lag: PartitionLag
    /// Age of the oldest unconsumed message; nil while it cannot be estimated (lag unknown, or a
    /// lag and fewer than two end-offset observations).
    public var lagSeconds: LagTimeEstimate?
    /// Burrow-style status over the last observations (`StatusRules`).
    public var status: ConsumerStatus
    /// The committed offset is below the partition's earliest offset: retention deleted messages
    /// the group had not consumed.
    public var belowLogStart: Bool

    public init(
        partition: Int32, committed: Int64, lag: PartitionLag, lagSeconds: LagTimeEstimate? = nil, status: ConsumerStatus = .ok,
        belowLogStart: Bool = false
    ) {
        self.partition = partition
        self.committed = committed
        self.lag = lag
        self.lagSeconds = lagSeconds
        self.status = status
        self.belowLogStart = belowLogStart
    }
}

public struct GroupTopicReport: Hashable, Sendable {
    public var topic: String
    public var partitions: [GroupPartitionReport]
    /// Partitions of the topic assigned to the group's members; nil when the group was not described.
    public var assignedPartitions: Int?
    /// Committed messages per second over the rate window, summed over partitions with a rate.
    public var consumeRate: Double?
    /// Seconds until the lag reaches 0 at the current net drain rate (consume minus produce rate);
    /// 0 when there is no lag, nil when the group is not draining or a rate is unknown.
    public var catchUpSeconds: Double?
    /// Topic retention time minus the largest lag in seconds: how long until retention deletes
    /// unconsumed messages (negative: overdue). nil when retention by time is unknown or off.
    public var retentionMarginSeconds: Double?

    public init(
        topic: String, partitions: [GroupPartitionReport], assignedPartitions: Int? = nil, consumeRate: Double? = nil,
        catchUpSeconds: Double? = nil, retentionMarginSeconds: Double? = nil
    ) {
        self.topic = topic
        self.partitions = partitions
        self.assignedPartitions = assignedPartitions
        self.consumeRate = consumeRate
        self.catchUpSeconds = catchUpSeconds
        self.retentionMarginSeconds = retentionMarginSeconds
    }

    /// Saturating: a broker answering offsets near Int64.max must not crash the exporter.
    public var committedSum: Int64 { partitions.reduce(0) { $0.addingSaturated($1.committed) } }

    /// Sum over the partitions whose lag is known; nil when none is. A plain loop: this runs once
    /// per group and topic on every render, and must not allocate.
    public var lagSum: Int64? {
        var sum: Int64?
        for partition in partitions {
            if let lag = partition.lag.value { sum = (sum ?? 0).addingSaturated(lag) }
        }
        return sum
    }

    /// The largest lag in seconds over the partitions that have one; nil when none has.
    public var maxLagSeconds: Double? {
        var largest: Double?
        for partition in partitions {
            if let seconds = partition.lagSeconds?.seconds { largest = max(largest ?? seconds, seconds) }
        }
        return largest
    }

    /// Partitions whose committed offset is below the earliest offset (messages lost to retention).
    public var partitionsBelowLogStart: Int { partitions.count { $0.belowLogStart } }
}

public struct GroupReport: Hashable, Sendable {
    public var id: String
    public var state: GroupState?
    public var members: Int?
    public var topics: [GroupTopicReport]
    public var coordinator: Int32?
    public var assignor: String?
    public var type: GroupType?
    /// The worst partition's status; error when the group's offsets could not be read.
    public var status: ConsumerStatus

    public init(
        id: String, state: GroupState?, members: Int?, topics: [GroupTopicReport], coordinator: Int32? = nil,
        assignor: String? = nil, type: GroupType? = nil, status: ConsumerStatus = .ok
    ) {
        self.type = type
        self.id = id
        self.state = state
        self.members = members
        self.topics = topics
        self.coordinator = coordinator
        self.assignor = assignor
        self.status = status
    }
}
