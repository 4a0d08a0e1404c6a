import Logging
import NIOCore
import PulseCore
import PulseExposition
import PulseSampler
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// Records the snapshots it sees and adds alerting numbers to them, like the alerting hook.
final class CountingHook: SnapshotHook {
    let seen = Mutex<[Double]>([])

    func willPublish(_ snapshot: inout ClusterSnapshot, atUnixSeconds now: Double) {
        seen.withLock { $0.append(now) }
        snapshot.alerting = AlertingStatus(firing: ["KafkaOfflinePartitions": 0], notifications: ["http://am:9093": 7])
    }
}

/// Records the topics of each snapshot it sees, as the alerting hook reads them.
final class TopicRecordingHook: SnapshotHook {
    let topics = Mutex<[[String]]>([])

    func willPublish(_ snapshot: inout ClusterSnapshot, atUnixSeconds now: Double) {
        let names = snapshot.topics.map(\.name)
        topics.withLock { $0.append(names) }
    }
}

@Suite("Sampler hooks", .timeLimit(.minutes(1)))
struct SnapshotHookTests {
    static let timing = SampleTiming(interval: .milliseconds(10), requestTimeout: .seconds(5))

    /// Runs the sampler until the store has a page, then shuts it down gracefully.
    static func runUntilFirstPage(_ sampler: Sampler, store: SnapshotStore) async throws {
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sampler.run() }
                for _ in 0..<1_000 where store.currentPage() == nil { try await Task.sleep(for: .milliseconds(10)) }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test("a hook sees each snapshot before it is rendered, and what it adds is on the page")
    func hookAdditionsReachThePage() async throws {
        let reader = ScriptedReader([.sample(SamplerTests.sample)])
        let store = SnapshotStore()
        let hook = CountingHook()
        let sampler = Sampler(
            reader: reader, store: store, build: BuildInfo(version: "0.0.0-test", librdkafkaVersion: "2.8.0"),
            options: .init(timing: Self.timing),
            logger: Logger(label: "pulse.test.sampler") { _ in SwiftLogNoOpLogHandler() }, hooks: [hook])

        try await Self.runUntilFirstPage(sampler, store: store)

        let page = try #require(store.currentPage())
        let lines = String(buffer: page.body).split(separator: "\n").map(String.init)
        #expect(lines.contains("kafka_pulse_alert_notifications_total{alertmanager=\"http://am:9093\"} 7"))
        #expect(lines.contains("kafka_pulse_alerts_firing{alertname=\"KafkaOfflinePartitions\"} 0"))
        #expect(hook.seen.withLock { $0.count } == 1)
    }

    @Test("families left off the page are still in the snapshot hooks see (in-process alerting evaluates them)")
    func hooksSeeExcludedFamilies() async throws {
        let reader = ScriptedReader([.sample(SamplerTests.sample)])
        let store = SnapshotStore()
        let hook = TopicRecordingHook()
        let families = try FamilySelection(include: [], exclude: ["kafka_topic_.*"])
        let sampler = Sampler(
            reader: reader, store: store, build: BuildInfo(version: "0.0.0-test", librdkafkaVersion: "2.8.0"),
            options: .init(timing: Self.timing, families: families),
            logger: Logger(label: "pulse.test.sampler") { _ in SwiftLogNoOpLogHandler() }, hooks: [hook])

        try await Self.runUntilFirstPage(sampler, store: store)

        let page = String(buffer: try #require(store.currentPage()).body)
        #expect(!page.contains("kafka_topic_"))
        #expect(page.contains("kafka_broker_info{"))
        #expect(hook.topics.withLock { $0.first } == ["orders"])
    }
}
