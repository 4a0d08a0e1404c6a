/// One partition with its layout and offsets joined, ready to export.
public struct PartitionReport: Hashable, Sendable {
    public var partition: Int32
    public var leader: Int32?
    public var replicas: [Int32]
    public var inSyncReplicas: [Int32]
    public var earliest: Int64?
    public var latest: Int64?
    /// Last stable offset (see `PartitionOffsets.stable`); nil while unknown.
    public var stable: Int64?
    /// Messages produced per second over the rate window; nil before two observations.
    public var produceRate: Double?
    /// How long the LSO has been held below the high watermark (see `OpenTransactions`): 0 when no
    /// transaction is open, nil while the LSO or the high watermark is unknown.
    public var openTransactionSeconds: Double?
    /// The open transaction is older than `TransactionRules.hangingAfterSeconds`.
    public var hangingTransaction: Bool

    public init(
        partition: Int32, leader: Int32?, replicas: [Int32], inSyncReplicas: [Int32], earliest: Int64?, latest: Int64?,
        stable: Int64? = nil, produceRate: Double? = nil, openTransactionSeconds: Double? = nil, hangingTransaction: Bool = false
    ) {
        self.partition = partition
        self.leader = leader
        self.replicas = replicas
        self.inSyncReplicas = inSyncReplicas
        self.earliest = earliest
        self.latest = latest
        self.stable = stable
        self.produceRate = produceRate
        self.openTransactionSeconds = openTransactionSeconds
        self.hangingTransaction = hangingTransaction
    }
}

public struct TopicReport: Hashable, Sendable {
    public var name: String
    public var partitions: [PartitionReport]
    /// The topic's config as last read (refreshed on its own interval); nil until read.
    public var config: TopicConfig?
    /// Messages produced per second over the rate window, summed over partitions with a rate.
    public var produceRate: Double?

    public init(name: String, partitions: [PartitionReport], config: TopicConfig? = nil, produceRate: Double? = nil) {
        self.name = name
        self.partitions = partitions
        self.config = config
        self.produceRate = produceRate
    }

    public var isInternal: Bool { name.hasPrefix("__") }
    /// The most replicas any partition has (partitions can differ after a partial reassignment).
    public var replicationFactor: Int {
        var most = 0
        for partition in partitions { most = max(most, partition.replicas.count) }
        return most
    }
    public var underReplicatedPartitions: Int { partitions.count { $0.isUnderReplicated } }
    public var offlinePartitions: Int { partitions.count { $0.isOffline } }
    /// nil while `min.insync.replicas` is unknown.
    public var underMinInsyncPartitions: Int? {
        guard config?.minInsyncReplicas != nil else { return nil }
        return partitions.count { $0.isUnderMinInsyncReplicas(config) == true }
    }
    /// Partitions with a hanging transaction; nil while no partition's LSO is known.
    public var hangingTransactionPartitions: Int? {
        guard partitions.contains(where: { $0.openTransactionSeconds != nil }) else { return nil }
        return partitions.count { $0.hangingTransaction }
    }
}

/// The exporter's own health, carried in every snapshot so that a failed sample still publishes it.
public struct ExporterHealth: Hashable, Sendable {
    /// 1 when the last sample read the metadata and every phase completed.
    public var up: Bool
    /// Unix time of the last sample that read the cluster metadata and so published fresh data,
    /// complete or partial; nil before the first. It stops moving when nothing can be read.
    public var lastSuccessUnixSeconds: Double?
    /// Whether the last sample published fresh data (see `lastSuccessUnixSeconds`).
    public var lastSampleHadData: Bool
    public var lastSampleDurationSeconds: Double
    public var lastPhases: [PhaseReport]
    public var samplesTotal: Int
    public var sampleErrorsTotal: [SamplePhase: Int]
    public var workerFailuresTotal: [WorkerFailure.Kind: Int]
    public var workerRestartsTotal: Int
    public var lagClampsTotal: Int
    public var requestsLastSample: [String: Int]
    public var unknownOffsetPartitions: Int
    /// Offset series the history keeps (end offsets per partition, committed offsets per group and
    /// partition): what churn would grow if pruning failed.
    public var historySeries: HistorySeriesCount

    public static let initial = ExporterHealth(
        up: false, lastSuccessUnixSeconds: nil, lastSampleHadData: false, lastSampleDurationSeconds: 0, lastPhases: [], samplesTotal: 0,
        sampleErrorsTotal: [:], workerFailuresTotal: [:], workerRestartsTotal: 0, lagClampsTotal: 0,
        requestsLastSample: [:], unknownOffsetPartitions: 0, historySeries: HistorySeriesCount())
}

/// Static facts about this build, exported as `kafka_pulse_build_info`.
public struct BuildInfo: Hashable, Sendable {
    public var version: String
    public var librdkafkaVersion: String

    public init(version: String, librdkafkaVersion: String) {
        self.version = version
        self.librdkafkaVersion = librdkafkaVersion
    }
}

/// Partitions a broker leads and replicas it hosts: leader balance after a restart.
public struct BrokerLoad: Hashable, Sendable {
    public var leaderPartitions: Int
    public var replicaPartitions: Int

    public init(leaderPartitions: Int = 0, replicaPartitions: Int = 0) {
        self.leaderPartitions = leaderPartitions
        self.replicaPartitions = replicaPartitions
    }
}

/// Switches that change which series a page carries (cardinality controls).
public struct ExportOptions: Hashable, Sendable {
    /// Per-partition group series (offset and lag per partition); off keeps the per-topic sums only.
    public var groupPartitionSeries: Bool
    /// Per-partition produce rates besides the per-topic ones.
    public var partitionProduceRates: Bool
    /// Per-partition consumer status (one series per status and partition) besides the group's.
    public var partitionStatusSeries: Bool
    /// This replica's shard: the configured one at start, then the one each sample was read under
    /// (it moves in group mode). Decides the cluster-wide families and the sharding self-metrics.
    public var shard: ShardAssignment

    public init(
        groupPartitionSeries: Bool = true, partitionProduceRates: Bool = false, partitionStatusSeries: Bool = false,
        shard: ShardAssignment = .whole
    ) {
        self.shard = shard
        self.groupPartitionSeries = groupPartitionSeries
        self.partitionProduceRates = partitionProduceRates
        self.partitionStatusSeries = partitionStatusSeries
    }
}

/// Everything one page of /metrics shows: an immutable value, built once per sample.
public struct ClusterSnapshot: Hashable, Sendable {
    public var build: BuildInfo
    public var clusterID: String?
    /// The controller's broker id, nil when unknown or when the cluster names a random broker (KRaft).
    public var controllerID: Int32?
    /// The metadata named some controller (in KRaft, a random live broker stands for the quorum).
    public var controllerKnown: Bool
    public var brokers: [Broker]
    public var topics: [TopicReport]
    public var groups: [GroupReport]
    public var health: ExporterHealth
    public var options: ExportOptions
    /// Set by the alerting hook when alerting is on; nil otherwise.
    public var alerting: AlertingStatus? = nil
    /// When this replica gained each shard it owns (unix seconds); see ShardTenure.
    public var shardsAcquiredAt: [Int: Double] = [:]

    public init(
        build: BuildInfo, clusterID: String?, controllerID: Int32?, controllerKnown: Bool? = nil, brokers: [Broker],
        topics: [TopicReport], groups: [GroupReport], health: ExporterHealth, options: ExportOptions = ExportOptions()
    ) {
        self.build = build
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.controllerKnown = controllerKnown ?? (controllerID != nil)
        self.brokers = brokers
        self.topics = topics
        self.groups = groups
        self.health = health
        self.options = options
    }

    /// Partitions led and replicas hosted per broker id, counted over the topics in scope.
    public var brokerLoad: [Int32: BrokerLoad] {
        var load: [Int32: BrokerLoad] = [:]
        for topic in topics {
            for partition in topic.partitions {
                if let leader = partition.leader { load[leader, default: BrokerLoad()].leaderPartitions += 1 }
                for replica in partition.replicas { load[replica, default: BrokerLoad()].replicaPartitions += 1 }
            }
        }
        return load
    }
}

extension Int64 {
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
