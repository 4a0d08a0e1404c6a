internal import CRDKafka
public import Logging
public import PulseCore

/// One librdkafka client handle used for admin requests only.
public final class AdminClient: Sendable {
    private let client: ClientHandle

    var handle: OpaquePointer { client.pointer }
    var context: ClientContext { client.context }

    public init(configuration: KafkaSourceConfiguration, logger: Logger) throws(KafkaReadError) {
        let connection = try Self.connectionProperties(configuration)
        client = try ClientHandle(
            RD_KAFKA_PRODUCER, clientID: "kafka-pulse", properties: connection.properties,
            context: ClientContext(logger: logger, secretMask: connection.mask), countRequests: true)
    }

    /// Where and how to connect (servers, TLS, SASL, the user's client properties): the same for
    /// every client handle of the worker. The mask hides the secrets among them from librdkafka's lines.
    static func connectionProperties(
        _ configuration: KafkaSourceConfiguration
    ) throws(KafkaReadError) -> (properties: [(String, String)], mask: SecretMask) {
        let defaults = [
            ("bootstrap.servers", configuration.bootstrapServers.joined(separator: ",")),
            // Recover quickly once a broker is back: the default backoff grows to 10 s.
            ("reconnect.backoff.max.ms", "2000"),
        ]
        let properties = try configuration.propertiesWithSecrets()
        let userProperties = properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return (defaults + userProperties, SecretMask(properties: properties))
    }

    /// Serves librdkafka's main queue, where error events wait: without a poll they pile up unseen.
    func serveMainQueue() {
        _ = rd_kafka_poll(handle, 0)
    }

    /// Requests sent since the last call, by API name.
    func takeRequestCounts() -> [String: Int] { context.takeRequestCounts() }

    func timeoutMilliseconds(_ timeout: Duration) -> Int32 { Int32(max(0.001, min(timeout.inSeconds, 3600)) * 1000) }

    /// The request timeout given to librdkafka for a call that must end within `timeout`, waiting
    /// for its result included: librdkafka delivers a timed-out request's result a little after the
    /// timeout fires (its timer and the broker thread run first), so that share is kept back.
    /// Waiting past the call's limit instead let a sample outrun the worker's budget and the worker
    /// be killed (real Kafka, broker killed: one sample per kill).
    static func librdkafkaTimeout(within timeout: Duration) -> Duration {
        timeout - min(.milliseconds(250), timeout * 0.2)
    }

    /// Admin options with a request timeout; the caller destroys them after the request is queued
    /// (librdkafka copies them).
    func makeOptions(_ operation: rd_kafka_admin_op_t, timeout: Duration) -> OpaquePointer? {
        guard let options = rd_kafka_AdminOptions_new(handle, operation) else { return nil }
        var errorText = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(
            options, timeoutMilliseconds(Self.librdkafkaTimeout(within: timeout)), &errorText, errorText.count)
        return options
    }
}
