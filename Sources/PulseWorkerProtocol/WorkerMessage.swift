public import PulseCore

/// What the exporter sends to its sampling worker.
public enum WorkerCommand: Codable, Sendable {
    /// First message after start: how to reach Kafka (may carry secrets, hence not on argv).
    case configure(KafkaSourceConfiguration)
    case sample(SampleRequest)
}

/// What the sampling worker answers.
public enum WorkerReply: Codable, Sendable {
    /// The client is set up; carries the librdkafka version the worker loaded.
    case ready(librdkafkaVersion: String)
    case sample(RawSample)
    /// The worker cannot go on (for example librdkafka rejected a property); the text says why.
    case fatal(String)
}
