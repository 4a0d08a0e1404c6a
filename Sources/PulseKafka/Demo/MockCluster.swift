internal import CRDKafka
import Glibc
public import Logging

/// librdkafka's in-process mock Kafka cluster: real brokers on 127.0.0.1 ports that speak the Kafka
/// protocol, so any client (the exporter's worker included) reads it like a real cluster.
///
/// `@unchecked Sendable`: the mock's control calls queue an operation for the mock's own thread and
/// wait for it, so they are safe from any thread; both pointers never change after init.
public final class MockCluster: @unchecked Sendable {
    /// The mock cluster needs a client handle for its log lines and timers; it serves no traffic.
    private let host: ClientHandle
    private let cluster: OpaquePointer
    /// `host:port` of every broker, comma-separated, for `bootstrap.servers`.
    public let bootstrapServers: String
    public let brokerCount: Int

    public init(brokers: Int, logger: Logger) throws(KafkaReadError) {
        guard (1...32).contains(brokers) else { throw KafkaReadError(.invalidConfiguration, "mock cluster broker count \(brokers): expected 1 to 32") }
        // No bootstrap.servers: this handle never connects anywhere.
        host = try ClientHandle.demo(RD_KAFKA_PRODUCER, client: "demo-mock-cluster", properties: [:], logger: logger)
        guard let created = rd_kafka_mock_cluster_new(host.pointer, Int32(brokers)) else {
            throw KafkaReadError(.clientCreation, "cannot start librdkafka's mock cluster (see the log for the reason)")
        }
        cluster = created
        brokerCount = brokers
        bootstrapServers = rd_kafka_mock_cluster_bootstraps(created).map { String(cString: $0) } ?? ""
        // The mock waits 3 s by default before the first rebalance of a new group; real consumers
        // should start committing at once.
        rd_kafka_mock_group_initial_rebalance_delay_ms(created, 0)
    }

    deinit {
        // Before `host` is released: the cluster's thread uses that handle until it is destroyed.
        rd_kafka_mock_cluster_destroy(cluster)
    }

    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int) throws(KafkaReadError) {
        try control("create topic \(name)") { cluster in
            rd_kafka_mock_topic_create(cluster, name, Int32(clamping: partitions), Int32(clamping: replicationFactor))
        }
    }

    /// The mock picks a random leader among the replicas; the demo pins them so that every topic
    /// has one partition on the broker it takes down, and does so before any client exists: moving
    /// a leader to -1 while a consumer fetches can crash librdkafka 2.8.0's mock.
    public func setPartitionLeader(topic: String, partition: Int, broker: Int) throws(KafkaReadError) {
        try control("move \(topic)/\(partition) to broker \(broker)") { cluster in
            rd_kafka_mock_partition_set_leader(cluster, topic, Int32(clamping: partition), Int32(clamping: broker))
        }
    }

    /// The mock hashes group ids to coordinators without looking at which brokers are up, so a group
    /// whose coordinator is down could not commit until it returns. Pinning avoids that.
    public func setGroupCoordinator(_ group: String, broker: Int) throws(KafkaReadError) {
        try control("make broker \(broker) coordinator of \(group)") { cluster in
            rd_kafka_mock_coordinator_set(cluster, "group", group, Int32(clamping: broker))
        }
    }

    /// Closes the broker's connections and stops its listener (its port is kept for `setBrokerUp`).
    /// The broker stays in metadata, still leading its partitions, as a crashed broker appears
    /// before the controller notices.
    public func setBrokerDown(_ id: Int) throws(KafkaReadError) {
        try control("take broker \(id) down") { cluster in rd_kafka_mock_broker_set_down(cluster, Int32(clamping: id)) }
    }

    public func setBrokerUp(_ id: Int) throws(KafkaReadError) {
        try control("bring broker \(id) up") { cluster in rd_kafka_mock_broker_set_up(cluster, Int32(clamping: id)) }
    }

    /// Every answer of broker `id` is delayed by `milliseconds` (0 restores it): a slow broker.
    public func setBrokerRoundTripTime(_ id: Int, milliseconds: Int) throws(KafkaReadError) {
        guard (0...600_000).contains(milliseconds) else {
            throw KafkaReadError(.invalidConfiguration, "mock round-trip time \(milliseconds) ms out of range")
        }
        try control("delay broker \(id)") { cluster in
            rd_kafka_mock_broker_set_rtt(cluster, Int32(clamping: id), Int32(milliseconds))
        }
    }

    /// The next `count` requests of API `apiKey`, from any client, are answered with Kafka error
    /// `errorCode` (tests stand in for a broker that refuses a request, e.g. a missing ACL).
    public func pushRequestErrors(apiKey: Int, errorCode: Int, count: Int) throws(KafkaReadError) {
        guard (0...Int(Int16.max)).contains(apiKey), (1...100_000).contains(count), let code = Int32(exactly: errorCode) else {
            throw KafkaReadError(.invalidConfiguration, "mock request errors: api key \(apiKey), error \(errorCode), count \(count) out of range")
        }
        usleep(2_000)  // see control(_:_:)
        let errors = [rd_kafka_resp_err_t](repeating: rd_kafka_resp_err_t(rawValue: code), count: count)
        // librdkafka copies the array onto the cluster's error stack.
        rd_kafka_mock_push_request_errors_array(cluster, Int16(apiKey), count, errors)
    }

    /// Runs one control call; each waits for the mock's thread to apply it.
    private func control(_ action: String, _ call: (OpaquePointer) -> rd_kafka_resp_err_t) throws(KafkaReadError) {
        // librdkafka 2.8.0's mock thread serves its control queue, then drains its wake-up pipe: a
        // call queued right after the previous one's answer can lose its wake-up and wait for the
        // mock's 1 s poll timeout (the shop's 28 set-up calls took 1–5 s). Letting the mock thread
        // get back to its poll first avoids that.
        usleep(2_000)
        let error = call(cluster)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaReadError(.request, "\(errorName(error)): mock cluster cannot \(action)")
        }
    }
}
