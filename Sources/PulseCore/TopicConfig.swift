/// The topic settings that decide how much data a lagging consumer can lose and how producers fare,
/// as DescribeConfigs reported them (broker defaults included).
public struct TopicConfig: Hashable, Sendable, Codable {
    /// `retention.ms`; nil when retention by time is off (-1).
    public var retentionMilliseconds: Int64?
    /// `retention.bytes`; nil when retention by size is off (-1).
    public var retentionBytes: Int64?
    /// `cleanup.policy`: `delete`, `compact` or `compact,delete`.
    public var cleanupPolicy: String?
    /// `min.insync.replicas`: producers with acks=all fail on a partition with fewer in-sync replicas.
    public var minInsyncReplicas: Int?

    public init(retentionMilliseconds: Int64? = nil, retentionBytes: Int64? = nil, cleanupPolicy: String? = nil, minInsyncReplicas: Int? = nil) {
        self.retentionMilliseconds = retentionMilliseconds
        self.retentionBytes = retentionBytes
        self.cleanupPolicy = cleanupPolicy
        self.minInsyncReplicas = minInsyncReplicas
    }

    /// Builds the config from DescribeConfigs' name/value pairs; unknown or unparsable values stay nil.
    public init(entries: [String: String]) {
        func positive(_ key: String) -> Int64? { entries[key].flatMap(Int64.init).flatMap { $0 >= 0 ? $0 : nil } }
        self.init(
            retentionMilliseconds: positive("retention.ms"), retentionBytes: positive("retention.bytes"),
            cleanupPolicy: entries["cleanup.policy"], minInsyncReplicas: entries["min.insync.replicas"].flatMap(Int.init))
    }

    /// Seconds after which retention deletes messages; nil when retention by time is off or
    /// unknown, or the topic is compacted only (`cleanup.policy` without `delete`). An unknown
    /// policy counts as `delete`, Kafka's default.
    public var deletionAfterSeconds: Double? {
        guard let retentionMilliseconds else { return nil }
        if let cleanupPolicy, !cleanupPolicy.contains("delete") { return nil }
        return Double(retentionMilliseconds) / 1000
    }

    /// The config keys the exporter asks for.
    public static let keys = ["retention.ms", "retention.bytes", "cleanup.policy", "min.insync.replicas"]
}
