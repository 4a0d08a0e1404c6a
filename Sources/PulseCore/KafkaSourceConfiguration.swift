/// How the sampling worker reaches Kafka and what it reads. Sent from the exporter to its worker
/// process over the worker's stdin, never on the command line, because it can carry secrets.
public struct KafkaSourceConfiguration: Hashable, Sendable, Codable {
    public var bootstrapServers: [String]
    /// librdkafka client properties (security, timeouts, anything a user passes through).
    public var clientProperties: [String: String]
    /// librdkafka properties whose value the worker reads from a file each time it builds its client
    /// (property -> path), so a rotated secret reaches the next worker without an exporter restart.
    public var secretFiles: [String: String]
    /// Groups to read without ListConsumerGroups (when ACLs forbid listing, or the cluster cannot list).
    public var explicitGroups: [String]
    public var scope: SampleScope
    /// librdkafka's mock cluster cannot answer DescribeConsumerGroups (it can wedge the admin handle)
    /// and needs explicit partitions for ListConsumerGroupOffsets; the demo sets this.
    public var mockClusterCompatible: Bool
    /// Upper bound on concurrent ListConsumerGroupOffsets calls (librdkafka takes one group per call).
    public var groupOffsetConcurrency: Int

    public init(
        bootstrapServers: [String], clientProperties: [String: String] = [:], secretFiles: [String: String] = [:],
        explicitGroups: [String] = [],
        scope: SampleScope = SampleScope(),
        mockClusterCompatible: Bool = false, groupOffsetConcurrency: Int = 8
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientProperties = clientProperties
        self.secretFiles = secretFiles
        self.explicitGroups = explicitGroups
        self.scope = scope
        self.mockClusterCompatible = mockClusterCompatible
        self.groupOffsetConcurrency = groupOffsetConcurrency
    }
}
