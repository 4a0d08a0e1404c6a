import Logging
import PulseCore
import Testing

@testable import PulseKafka

/// The wrapper's admin calls against librdkafka's mock cluster: real brokers on loopback ports.
struct MockClusterReadTests {
    static let logger = Logger(label: "pulse.test.kafka") { _ in SwiftLogNoOpLogHandler() }
    static let timing = SampleTiming(interval: .seconds(10), requestTimeout: .seconds(5))

    @Test("metadata names every broker and every partition of a created topic")
    func metadataListsBrokersAndPartitions() async throws {
        let cluster = try MockCluster(brokers: 3, logger: Self.logger)
        try cluster.createTopic("orders", partitions: 4, replicationFactor: 3)
        let client = try AdminClient(configuration: KafkaSourceConfiguration(bootstrapServers: [cluster.bootstrapServers]), logger: Self.logger)

        let metadata = try await client.metadata(timeout: .seconds(5))

        #expect(metadata.brokers.map(\.id).sorted() == [1, 2, 3])
        let orders = try #require(metadata.topics.first { $0.name == "orders" })
        #expect(orders.partitions.map(\.partition).sorted() == [0, 1, 2, 3])
        #expect(orders.partitions.allSatisfy { $0.replicas.count == 3 })
    }

    @Test("a sample's end offsets add up to the messages produced, and the topic filter is applied")
    func endOffsetsCountProducedMessages() async throws {
        let cluster = try MockCluster(brokers: 1, logger: Self.logger)
        try cluster.createTopic("orders", partitions: 2, replicationFactor: 1)
        try cluster.createTopic("audit", partitions: 1, replicationFactor: 1)
        let producer = try DemoProducer(bootstrapServers: cluster.bootstrapServers, topics: ["orders"], logger: Self.logger)
        for index in 0..<25 { #expect(producer.send(topic: "orders", key: "\(index)", payload: "{}")) }
        let reader = try KafkaClusterReader(
            configuration: KafkaSourceConfiguration(
                bootstrapServers: [cluster.bootstrapServers], scope: SampleScope(topicInclude: "^orders$"), mockClusterCompatible: true),
            logger: Self.logger)

        // The producer sends in the background: wait for the state (bounded), not for a time.
        var latest: Int64 = 0
        var sample: RawSample?
        for _ in 0..<100 {
            producer.serveEvents()
            sample = try await reader.read(SampleRequest(timing: Self.timing))
            latest = sample?.offsets.compactMap(\.latest).reduce(0, +) ?? 0
            if latest == 25 { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        #expect(latest == 25)
        #expect(sample?.metadata?.topics.map(\.name) == ["orders"])
        #expect(Set(sample?.offsets.map(\.topicPartition.topic) ?? []) == ["orders"])
    }
}
