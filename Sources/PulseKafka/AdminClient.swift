internal import CRDKafka
import Dispatch
public import Logging
public import PulseCore

/// One librdkafka client handle used for admin requests only.
public final class AdminClient: Sendable {
    private let client: ClientHandle
    let requestTimeoutSeconds: Double

    var handle: OpaquePointer { client.pointer }
    var context: ClientContext { client.context }

    public init(configuration: KafkaSourceConfiguration, logger: Logger) throws(KafkaReadError) {
        requestTimeoutSeconds = configuration.requestTimeoutSeconds
        let defaults = [
            ("bootstrap.servers", configuration.bootstrapServers.joined(separator: ",")),
            // Recover quickly once a broker is back: the default backoff grows to 10 s.
            ("reconnect.backoff.max.ms", "2000"),
        ]
        let properties = try configuration.propertiesWithSecrets()
        let userProperties = properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        client = try ClientHandle(
            RD_KAFKA_PRODUCER, clientID: "kafka-pulse", properties: defaults + userProperties,
            context: ClientContext(logger: logger, secretMask: SecretMask(properties: properties)), countRequests: true)
    }

    /// Serves librdkafka's main queue, where error events wait: without a poll they pile up unseen.
    func serveMainQueue() {
        _ = rd_kafka_poll(handle, 0)
    }

    /// Requests sent since the last call, by API name.
    func takeRequestCounts() -> [String: Int] { context.takeRequestCounts() }

    func timeoutMilliseconds(_ seconds: Double) -> Int32 { Int32(max(0.001, min(seconds, 3600)) * 1000) }

    /// How long past a request's own timeout to wait for librdkafka to deliver its timeout result.
    static let resultGrace = 0.25

    /// Admin options with a request timeout; the caller destroys them after the request is queued
    /// (librdkafka copies them).
    func makeOptions(_ operation: rd_kafka_admin_op_t, timeoutSeconds: Double) -> OpaquePointer? {
        guard let options = rd_kafka_AdminOptions_new(handle, operation) else { return nil }
        var errorText = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMilliseconds(timeoutSeconds), &errorText, errorText.count)
        return options
    }
}

/// Runs a blocking librdkafka call on a Dispatch thread so that no Swift concurrency thread waits on C.
func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: body()) }
    }
}
