import Logging
import NIOCore
import PulseCore
import PulseExposition
import PulseSampler
import ServiceLifecycleTestKit
import Testing

/// `--shard.group`: offsets partition 0 moves between replicas, so the cluster-wide families follow
/// the shard each sample was read under, not one fixed at start.
@Suite("Shard per sample", .timeLimit(.minutes(1)))
struct ShardPerSampleTests {
    static let timing = SampleTiming(interval: .milliseconds(10), requestTimeout: .seconds(5))

    static func sample(owning owned: [Int]) -> RawSample {
        var sample = SamplerTests.sample
        sample.shard = ShardAssignment(group: "pulse", owned: owned, partitionCount: 10)
        return sample
    }

    /// The page after the script has played (the reader then hangs, so the page stays put).
    func lastPage(_ steps: [ScriptedReader.Step], samples: Int) async throws -> [String] {
        let store = SnapshotStore()
        let reader = ScriptedReader(steps)
        let sampler = Sampler(
            reader: reader, store: store, build: BuildInfo(version: "0.0.0-test", librdkafkaVersion: "2.8.0"),
            options: .init(timing: Self.timing), logger: Logger(label: "pulse.test.sampler") { _ in SwiftLogNoOpLogHandler() })
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sampler.run() }
                // A read past the script starts only once the script's last page is published.
                for _ in 0..<1_000 where await reader.requests.count <= samples {
                    try await Task.sleep(for: .milliseconds(10))
                }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        return String(buffer: try #require(store.currentPage()).body).split(separator: "\n").map(String.init)
    }

    @Test("the replica that holds partition 0 in this sample exports brokers and topics")
    func ownerOfPartitionZero() async throws {
        let lines = try await lastPage([.sample(Self.sample(owning: [0, 4]))], samples: 1)
        #expect(lines.contains("kafka_brokers 1"))
        #expect(lines.contains("kafka_pulse_shard_info{group=\"pulse\",mode=\"group\"} 1"))
        #expect(lines.contains("kafka_pulse_shards 10"))
        #expect(lines.contains("kafka_pulse_shards_owned 2"))
        #expect(lines.contains { $0.hasPrefix("kafka_pulse_shard_acquired_timestamp_seconds{shard=\"4\"} ") })
    }

    @Test("partition 0 handed over: from the next sample on the page has no cluster-wide family")
    func partitionZeroLost() async throws {
        let lines = try await lastPage([.sample(Self.sample(owning: [0, 4])), .sample(Self.sample(owning: [4]))], samples: 2)
        #expect(!lines.contains { $0.hasPrefix("kafka_broker") || $0.hasPrefix("kafka_topic_") || $0.hasPrefix("kafka_cluster_") })
        #expect(lines.contains("kafka_pulse_shards_owned 1"))
        #expect(!lines.contains { $0.hasPrefix("kafka_pulse_shard_acquired_timestamp_seconds{shard=\"0\"}") })
    }

    @Test("partition 0 gained: from the next sample on the page has them")
    func partitionZeroGained() async throws {
        let lines = try await lastPage([.sample(Self.sample(owning: [4])), .sample(Self.sample(owning: [0, 4]))], samples: 2)
        #expect(lines.contains("kafka_brokers 1"))
    }
}
