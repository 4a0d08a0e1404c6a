/// What a sample should read, and by when.
public struct SampleRequest: Hashable, Sendable, Codable {
    /// The sample's time limits: its deadline, the worker's budget and each Kafka request's timeout.
    public var timing: SampleTiming
    /// Read topic configs (DescribeConfigs) in this sample; they change rarely and are refreshed on
    /// a slower interval.
    public var readTopicConfigs: Bool

    public init(timing: SampleTiming, readTopicConfigs: Bool = false) {
        self.timing = timing
        self.readTopicConfigs = readTopicConfigs
    }
}

/// The source of raw samples. The exporter reads through a supervised worker process; tests plug
/// in scripted readers.
public protocol ClusterReader: Sendable {
    func read(_ request: SampleRequest) async throws -> RawSample
}
