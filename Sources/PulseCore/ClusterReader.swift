/// What a sample should read, and by when.
public struct SampleRequest: Hashable, Sendable, Codable {
    /// The sample is cut off after this many seconds; every Kafka call inside it gets a shorter timeout.
    public var deadlineSeconds: Double
    /// Read topic configs (DescribeConfigs) in this sample; they change rarely and are refreshed on
    /// a slower interval.
    public var readTopicConfigs: Bool

    public init(deadlineSeconds: Double, readTopicConfigs: Bool = false) {
        self.deadlineSeconds = deadlineSeconds
        self.readTopicConfigs = readTopicConfigs
    }
}

/// The source of raw samples. The exporter reads through a supervised worker process; tests plug
/// in scripted readers.
public protocol ClusterReader: Sendable {
    func read(_ request: SampleRequest) async throws -> RawSample
}
