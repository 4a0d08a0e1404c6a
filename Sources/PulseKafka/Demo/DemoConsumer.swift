internal import CRDKafka
public import Logging

/// A real group consumer of one topic (subscribe, poll, manual commit) standing for one service.
/// Its committed offsets are what the exporter reads.
///
/// `@unchecked Sendable`: librdkafka consumer handles are thread-safe; each consumer is also only
/// used by its own service thread after init.
public final class DemoConsumer: @unchecked Sendable {
    private let client: ClientHandle
    private let logger: Logger
    public let group: String
    public let topic: String

    public init(bootstrapServers: String, group: String, topic: String, logger: Logger) throws(KafkaReadError) {
        client = try ClientHandle.demo(
            RD_KAFKA_CONSUMER, client: group,
            properties: [
                "bootstrap.servers": bootstrapServers,
                "group.id": group,
                // The service decides what is committed and when: that is the behaviour on show.
                "enable.auto.commit": "false",
                "auto.offset.reset": "earliest",
                "reconnect.backoff.max.ms": "2000",
            ],
            logger: logger)
        self.logger = logger
        self.group = group
        self.topic = topic
        // Consumer events (errors, rebalances) then come out of `rd_kafka_consumer_poll`.
        rd_kafka_poll_set_consumer(client.pointer)
        let subscription = rd_kafka_topic_partition_list_new(1)
        defer { rd_kafka_topic_partition_list_destroy(subscription) }
        rd_kafka_topic_partition_list_add(subscription, topic, unassignedPartition)
        let error = rd_kafka_subscribe(client.pointer, subscription)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaReadError(.request, "\(errorName(error)): \(group) cannot subscribe to \(topic)")
        }
    }

    deinit {
        // Leaves the group cleanly; only reached when the shop is released, never on the demo's exit path.
        _ = rd_kafka_consumer_close(client.pointer)
    }

    /// The next record, or nil after `timeoutMilliseconds` without one. Error events come back as
    /// nil too: librdkafka retries by itself, and during the planned outage they are expected, so
    /// they are logged at debug.
    public func poll(timeoutMilliseconds: Int32) -> ConsumedRecord? {
        guard let message = rd_kafka_consumer_poll(client.pointer, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        let raw = message.pointee
        guard raw.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            logger.debug("consumer error event", metadata: ["pulse.demo.group": "\(group)", "pulse.error": "\(errorName(raw.err))"])
            return nil
        }
        let key = raw.key.map { pointer in
            String(decoding: UnsafeRawBufferPointer(start: pointer, count: raw.key_len), as: UTF8.self)
        }
        let payload = raw.payload.map { pointer in
            String(decoding: UnsafeRawBufferPointer(start: pointer, count: raw.len), as: UTF8.self)
        }
        return ConsumedRecord(partition: raw.partition, offset: raw.offset, key: key ?? "", payload: payload ?? "")
    }

    /// Moves the consumer back to `offsets` (next offset to read per partition) and commits them,
    /// as an operator resetting a group's offsets would. Returns librdkafka's error name on failure.
    public func rewind(to offsets: [Int32: Int64]) -> String? {
        withPartitionList(offsets) { list in
            if let error = rd_kafka_seek_partitions(client.pointer, list, 5_000) {
                defer { rd_kafka_error_destroy(error) }
                return String(cString: rd_kafka_error_name(error))
            }
            return commit(list)
        }
    }

    /// Commits the next offset to read per partition and waits for the coordinator's answer.
    /// Returns librdkafka's error name on failure.
    public func commit(_ nextOffsets: [Int32: Int64]) -> String? {
        withPartitionList(nextOffsets) { commit($0) }
    }

    private func commit(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> String? {
        let error = rd_kafka_commit(client.pointer, list, 0)
        return error == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : errorName(error)
    }

    /// Runs `body` with this topic's `offsets` as a librdkafka partition list; nothing to do is success.
    private func withPartitionList(
        _ offsets: [Int32: Int64], _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> String?
    ) -> String? {
        guard !offsets.isEmpty, let list = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count)) else { return nil }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, offset) in offsets {
            rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = offset
        }
        return body(list)
    }
}
