internal import CRDKafka
public import Logging

/// The shop's one producer, shared by every simulated service (one producer per process is how
/// librdkafka is meant to be used).
///
/// `@unchecked Sendable`: librdkafka producer and topic handles are thread-safe, and neither the
/// handle nor the topic dictionary changes after init.
public final class DemoProducer: @unchecked Sendable {
    private let client: ClientHandle
    /// `rd_kafka_topic_t` per topic, created once: the classic `rd_kafka_produce` call takes one,
    /// and the variadic `rd_kafka_producev` cannot be called from Swift.
    private let topics: [String: OpaquePointer]

    public init(bootstrapServers: String, topics names: [String], logger: Logger) throws(KafkaReadError) {
        client = try ClientHandle.demo(
            RD_KAFKA_PRODUCER, client: "shop-producer",
            properties: [
                "bootstrap.servers": bootstrapServers,
                "acks": "all",
                "linger.ms": "5",
                // Messages for the broker that is down wait out its 60 s outage instead of failing.
                "message.timeout.ms": "300000",
                "reconnect.backoff.max.ms": "2000",
            ],
            logger: logger)
        var topics: [String: OpaquePointer] = [:]
        for name in names {
            guard let topic = rd_kafka_topic_new(client.pointer, name, nil) else {
                let error = rd_kafka_last_error()
                for created in topics.values { rd_kafka_topic_destroy(created) }
                throw KafkaReadError(.clientCreation, "\(errorName(error)): cannot create producer topic \(name)")
            }
            topics[name] = topic
        }
        self.topics = topics
    }

    deinit {
        // Topic handles go before their client handle (released after this body).
        for topic in topics.values { rd_kafka_topic_destroy(topic) }
    }

    /// Queues one message (librdkafka copies key and payload). Returns false when the topic is not
    /// one of the shop's or the local queue is full; the shop then drops the event, as a real
    /// service would after a failed send.
    @discardableResult
    public func send(topic: String, key: String, payload: String) -> Bool {
        guard let handle = topics[topic] else { return false }
        var key = key
        var payload = payload
        let result = key.withUTF8 { keyBytes in
            payload.withUTF8 { payloadBytes in
                rd_kafka_produce(
                    handle, unassignedPartition, RD_KAFKA_MSG_F_COPY,
                    UnsafeMutableRawPointer(mutating: payloadBytes.baseAddress), payloadBytes.count,
                    keyBytes.baseAddress, keyBytes.count, nil)
            }
        }
        return result == 0
    }

    /// Serves the producer's main queue so error events reach the log callback instead of piling up.
    public func serveEvents() {
        _ = rd_kafka_poll(client.pointer, 0)
    }
}
