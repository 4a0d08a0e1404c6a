/// What a sample should read, and by when.
public struct SampleRequest: Hashable, Sendable, Codable {
    /// The sample is cut off after this many seconds; every Kafka call inside it gets a shorter timeout.
    public var deadlineSeconds: Double

    public init(deadlineSeconds: Double) {
        self.deadlineSeconds = deadlineSeconds
    }
}

/// The source of raw samples. The exporter reads through a supervised worker process; tests plug
/// in scripted readers.
public protocol ClusterReader: Sendable {
    func read(_ request: SampleRequest) async throws -> RawSample
}
