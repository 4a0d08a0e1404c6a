internal import CRDKafka
import Dispatch
public import Logging
public import PulseCore
import Synchronization

/// `--shard.group`: this worker's member of the replicas' Kafka consumer group. It subscribes to
/// `__consumer_offsets` and reads nothing from it; the partitions Kafka's group coordinator assigns
/// it are the shards this replica exports. Assignment, balance and failover are Kafka's.
///
/// Assigned partitions start at their end and are paused at once, so not even a first fetch
/// returns records. A thread of its own polls the consumer so rebalances are served within a poll
/// (about 200 ms) whatever the samples do, and `max.poll.interval.ms` is never exceeded.
public final class ShardMembership: Sendable {
    private let client: ClientHandle
    private let group: ShardGroup
    private let logger: Logger
    private let polling: PollLoop
    /// Whether the missing `__consumer_offsets` was already reported: once is enough.
    private let warnedNoOffsetsTopic = Atomic(false)

    /// Poll interval: how quickly a rebalance is answered.
    static let pollMilliseconds: Int32 = 200

    public init(configuration: KafkaSourceConfiguration, group: ShardGroup, logger: Logger) throws(KafkaReadError) {
        let timeout = Int(group.sessionTimeout.inSeconds * 1000)
        let connection = try AdminClient.connectionProperties(configuration)
        let membership: [(String, String)] = [
            ("group.id", group.name),
            // Cooperative: when a replica joins or leaves only the shards that must move do, so the
            // others keep their offset histories (rates, lag in seconds, status windows).
            ("partition.assignment.strategy", "cooperative-sticky"),
            ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"),
            ("auto.offset.reset", "latest"),
            ("session.timeout.ms", "\(timeout)"),
            // A rebalance is learnt from a heartbeat's answer: frequent ones move shards sooner.
            ("heartbeat.interval.ms", "\(max(500, min(3000, timeout / 6)))"),
        ]
        client = try ClientHandle(
            RD_KAFKA_CONSUMER, clientID: "kafka-pulse-shard", properties: connection.properties + membership,
            context: ClientContext(logger: logger, secretMask: connection.mask), countRequests: false
        ) { conf in rd_kafka_conf_set_rebalance_cb(conf, rebalance) }
        self.group = group
        self.logger = logger
        // Error and log events then arrive through the consumer poll too.
        _ = rd_kafka_poll_set_consumer(client.pointer)
        let topics = rd_kafka_topic_partition_list_new(1)
        defer { rd_kafka_topic_partition_list_destroy(topics) }
        rd_kafka_topic_partition_list_add(topics, ShardGroup.offsetsTopic, unassignedPartition)
        let subscribed = rd_kafka_subscribe(client.pointer, topics)
        guard subscribed == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaReadError(.clientCreation, "--shard.group \(group.name): cannot subscribe to \(ShardGroup.offsetsTopic): \(errorName(subscribed))")
        }
        polling = PollLoop(client: client, groupName: group.name)
        logger.info("joining consumer group \(group.name) for shards", metadata: ["pulse.shard.session-timeout": "\(group.sessionTimeout)"])
    }

    deinit {
        polling.stop()
        // LeaveGroup: the coordinator hands this replica's shards to the others at once instead of
        // after the session timeout. Serves the last revocation through `rebalance`.
        let closed = rd_kafka_consumer_close(client.pointer)
        if closed != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.debug("leaving the shard group failed", metadata: ["pulse.error": "\(errorName(closed))"])
        }
    }

    /// The shards this replica holds now. `offsetsPartitions` is the partition count of
    /// `__consumer_offsets` in this sample's metadata; nil when the metadata has no such topic (a
    /// Kafka stand-in): the replica then owns nothing, and says so once.
    public func assignment(offsetsPartitions: Int?) -> ShardAssignment {
        guard let offsetsPartitions else {
            if !warnedNoOffsetsTopic.exchange(true, ordering: .relaxed) {
                logger.warning(
                    "--shard.group \(group.name): the cluster's metadata has no \(ShardGroup.offsetsTopic), so this replica owns no shard and exports no group")
            }
            return ShardAssignment(group: group.name, owned: [], partitionCount: 0)
        }
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let code = rd_kafka_assignment(client.pointer, &list)
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            logger.warning("--shard.group \(group.name): cannot read the assignment", metadata: ["pulse.error": "\(errorName(code))"])
            return ShardAssignment(group: group.name, owned: [], partitionCount: offsetsPartitions)
        }
        let owned = ReturnedPartition.all(in: list).filter { $0.topicPartition.topic == ShardGroup.offsetsTopic }.map {
            Int($0.topicPartition.partition)
        }
        return ShardAssignment(group: group.name, owned: owned, partitionCount: offsetsPartitions)
    }
}

/// The thread that serves the consumer: rebalance callbacks, heartbeats' results, error events.
private final class PollLoop: Sendable {
    private let running = Atomic(true)
    /// Serial: `stop()` waits on it for the loop's end.
    private let queue = DispatchQueue(label: "kafka-pulse.shard-membership")

    init(client: ClientHandle, groupName: String) {
        // Holds the loop until `stop()`, which ShardMembership's deinit calls.
        queue.async { [self] in
            while running.load(ordering: .relaxed) {
                // Paused partitions return no records: what comes back is a consumer error (the group
                // or __consumer_offsets not authorized, the topic missing), a warning the first
                // time, debug when it repeats.
                guard let message = rd_kafka_consumer_poll(client.pointer, ShardMembership.pollMilliseconds) else { continue }
                let code = message.pointee.err
                if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                    // Joining is the one thing group mode needs beyond the sampling ACLs; librdkafka
                    // keeps retrying, so granting it is enough. One reason for every request that
                    // Kafka refuses (FindCoordinator, JoinGroup), so that it is logged once.
                    let reason =
                        code == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED
                        ? "Kafka refuses this principal the shard group: --shard.group needs Read on Group \(groupName): kafka-acls.sh --bootstrap-server BROKER --add --allow-principal User:EXPORTER --operation Read --group \(groupName)"
                        : String(cString: rd_kafka_message_errstr(message))
                    client.context.error(name: errorName(code), reason: reason)
                }
                rd_kafka_message_destroy(message)
            }
        }
    }

    func stop() {
        running.store(false, ordering: .relaxed)
        queue.sync {}
    }
}

/// librdkafka's rebalance callback, run on the polling thread (or in `rd_kafka_consumer_close`).
private func rebalance(
    _ handle: OpaquePointer?, _ event: rd_kafka_resp_err_t, _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let handle, let partitions else { return }
    let logger = clientContext(of: handle)?.logger
    let names = ReturnedPartition.all(in: partitions).map { String($0.topicPartition.partition) }.joined(separator: ",")
    let failure: OpaquePointer?
    switch event {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        // From the end, so even a fetch before the pause below returns nothing.
        for index in 0..<Int(max(0, partitions.pointee.cnt)) { partitions.pointee.elems[index].offset = Int64(RD_KAFKA_OFFSET_END) }
        failure = rd_kafka_incremental_assign(handle, partitions)
        _ = rd_kafka_pause_partitions(handle, partitions)
        // Cooperative rebalances call back with an empty list too: nothing to tell then.
        if !names.isEmpty { logger?.info("shards gained", metadata: ["pulse.shards": "\(names)"]) }
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        let lost = rd_kafka_assignment_lost(handle) != 0
        failure = rd_kafka_incremental_unassign(handle, partitions)
        if !names.isEmpty {
            logger?.info(lost ? "shards lost (session timed out)" : "shards handed over", metadata: ["pulse.shards": "\(names)"])
        }
    default:
        logger?.warning("shard group rebalance failed", metadata: ["pulse.error": "\(errorName(event))"])
        return
    }
    if let failure {
        logger?.warning("shard group rebalance: \(String(cString: rd_kafka_error_string(failure)))")
        rd_kafka_error_destroy(failure)
    }
}
