import Logging
import NIOCore
import PulseCore
import PulseExposition
import PulseSampler
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@Suite("Sampler", .timeLimit(.minutes(1)))
struct SamplerTests {
    static let timing = SampleTiming(interval: .milliseconds(10), requestTimeout: .seconds(5))

    static let sample = RawSample(
        metadata: ClusterMetadata(
            clusterID: "sampler-test", controllerID: 1, brokers: [Broker(id: 1, host: "kafka-1", port: 9092)],
            topics: [
                TopicMetadata(
                    name: "orders",
                    partitions: [PartitionMetadata(partition: 0, leader: 1, replicas: [1], inSyncReplicas: [1])])
            ]),
        offsets: [
            PartitionOffsets(topicPartition: TopicPartition(topic: "orders", partition: 0), earliest: 0, latest: 1234)
        ],
        phases: SamplePhase.allCases.map { PhaseReport(phase: $0, durationSeconds: 0.01) })

    @Test("after a worker failure the page shows up 0, the failure, and the last good data; shutdown ends run()")
    func failureKeepsLastGoodDataAndShutdownEndsRun() async throws {
        let reader = ScriptedReader([.sample(Self.sample), .failure(WorkerFailure(.crashed, "killed by signal 11"))])
        let store = SnapshotStore()
        let sampler = Sampler(
            reader: reader, store: store, build: BuildInfo(version: "0.0.0-test", librdkafkaVersion: "2.8.0"),
            options: .init(timing: Self.timing),
            logger: Logger(label: "pulse.test.sampler") { _ in SwiftLogNoOpLogHandler() })

        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sampler.run() }
                // Wait for the page rendered after the failure: the only one that is down. A bounded
                // wait for a state, not a timing assertion.
                for _ in 0..<1_000 {
                    if let page = store.currentPage(), !page.up { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                trigger.triggerGracefulShutdown()
                // run() must return; if it did not, the suite's time limit would fail the test.
                try await group.waitForAll()
            }
        }

        let page = try #require(store.currentPage())
        let lines = String(buffer: page.body).split(separator: "\n").map(String.init)
        #expect(lines.contains("kafka_pulse_up 0"))
        #expect(lines.contains("kafka_pulse_worker_failures_total{reason=\"crashed\"} 1"))
        #expect(lines.contains("kafka_topic_partition_current_offset{topic=\"orders\",partition=\"0\"} 1234"))
        #expect(page.clusterID == "sampler-test")
        #expect(page.lastSuccessAt != nil)
        #expect(await reader.requests.first?.timing == Self.timing)
    }
}
