import PulseAlerting
import PulseAlertmanager
import PulseCore
import ServiceLifecycleTestKit
import Synchronization
import Testing

final class RecordingSink: AlertSink {
    let submitted = Mutex<[[Alert]]>([])
    func submit(_ alerts: [Alert]) { submitted.withLock { $0.append(alerts) } }
    func counts() -> NotificationCounts {
        var counts = NotificationCounts()
        counts.sent = ["http://am:9093": submitted.withLock { $0.count }]
        counts.failed = ["http://am:9093": 0]
        return counts
    }
}

@Suite("Alert evaluation beside the sampling loop")
struct AlertEvaluationTests {
    /// One group that moved its offsets backwards: KafkaConsumerGroupRewound fires at once.
    static var rewoundGroup: ClusterSnapshot {
        var health = ExporterHealth.initial
        health.lastSampleHadData = true
        return ClusterSnapshot(
            build: BuildInfo(version: "t", librdkafkaVersion: "t"), clusterID: nil, controllerID: 1,
            brokers: [Broker(id: 1, host: "b", port: 9092)], topics: [],
            groups: [GroupReport(id: "g", state: .stable, members: 1, topics: [], status: .rewind)], health: health)
    }

    @Test("an evaluation hands due alerts to the sink; the next snapshot carries its firing and notification counts")
    func evaluationFillsNextSnapshot() {
        let rules = BundledAlertRules.all.filter { $0.name == "KafkaConsumerGroupRewound" || $0.name == "KafkaConsumerGroupStalled" }
        let sink = RecordingSink()
        let hook = AlertEvaluation(
            evaluator: AlertEvaluator(rules: rules, options: .init(evaluationInterval: 10, generatorURL: "http://x/")), sink: sink)
        var snapshot = Self.rewoundGroup
        hook.willPublish(&snapshot, atUnixSeconds: 100)
        // Before any evaluation: every rule at 0, nothing sent.
        #expect(snapshot.alerting?.firing == ["KafkaConsumerGroupRewound": 0, "KafkaConsumerGroupStalled": 0])
        #expect(sink.submitted.withLock { $0.count } == 0)
        hook.evaluate(snapshot, at: 100)
        #expect(sink.submitted.withLock { $0.count } == 1)
        hook.willPublish(&snapshot, atUnixSeconds: 110)
        #expect(snapshot.alerting?.firing == ["KafkaConsumerGroupRewound": 1, "KafkaConsumerGroupStalled": 0])
        #expect(snapshot.alerting?.notifications == ["http://am:9093": 1])
    }

    @Test("the service evaluates what the hook handed over, off the sampling loop")
    func serviceEvaluatesHandedOverSnapshots() async throws {
        let rules = BundledAlertRules.all.filter { $0.name == "KafkaConsumerGroupRewound" }
        let sink = RecordingSink()
        let evaluation = AlertEvaluation(
            evaluator: AlertEvaluator(rules: rules, options: .init(evaluationInterval: 10, generatorURL: "http://x/")), sink: sink)
        var snapshot = Self.rewoundGroup
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup { group in
                group.addTask { try await evaluation.run() }
                evaluation.willPublish(&snapshot, atUnixSeconds: 100)
                // A bounded wait for a state, not a timing assertion.
                for _ in 0..<1_000 where sink.submitted.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(5)) }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(sink.submitted.withLock { $0.first?.first?.labels["consumergroup"] } == "g")
    }
}
