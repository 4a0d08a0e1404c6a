/// Everything one sample read from Kafka, exactly as the brokers answered, before any derivation.
///
/// This is what the sampling worker process sends to the exporter; all lag math happens on the
/// exporter's side, from this value alone.
public struct RawSample: Hashable, Sendable, Codable {
    public var metadata: ClusterMetadata?
    public var offsets: [PartitionOffsets]
    public var groups: [ConsumerGroup]
    public var groupOffsets: [GroupOffsets]
    /// Topic configs by topic name; nil when this sample did not read them (they are refreshed on
    /// their own, slower interval).
    public var topicConfigs: [String: TopicConfig]?
    /// Configs of topics that appeared since the worker's last full read, read in this sample so a
    /// new topic does not wait a whole refresh interval for its retention and min.insync.replicas.
    public var newTopicConfigs: [String: TopicConfig]
    public var phases: [PhaseReport]
    /// Kafka protocol requests sent during the sample, by API name (for example `ListOffsets`).
    public var requests: [String: Int]
    /// The shard assignment this sample was read under (in group mode it changes between samples);
    /// nil from a reader that does not say, meaning the configured one.
    public var shard: ShardAssignment?

    public init(
        metadata: ClusterMetadata?,
        offsets: [PartitionOffsets] = [],
        groups: [ConsumerGroup] = [],
        groupOffsets: [GroupOffsets] = [],
        topicConfigs: [String: TopicConfig]? = nil,
        newTopicConfigs: [String: TopicConfig] = [:],
        phases: [PhaseReport] = [],
        requests: [String: Int] = [:],
        shard: ShardAssignment? = nil
    ) {
        self.shard = shard
        self.metadata = metadata
        self.offsets = offsets
        self.groups = groups
        self.groupOffsets = groupOffsets
        self.topicConfigs = topicConfigs
        self.newTopicConfigs = newTopicConfigs
        self.phases = phases
        self.requests = requests
    }

    /// A sample is usable when the cluster metadata came back: without it nothing else can be trusted.
    public var hasMetadata: Bool { metadata != nil }

    public var failedPhases: [SamplePhase] { phases.filter { $0.error != nil }.map(\.phase) }

    /// The metadata answered, yet not one partition's end offset is known. librdkafka 2.8.0's
    /// ListOffsets can stay wedged like this for every topic after a topic is deleted and
    /// recreated, until the client handle is replaced.
    public var endOffsetsWhollyMissing: Bool {
        hasMetadata && !offsets.isEmpty && offsets.allSatisfy { $0.latest == nil }
    }
}
