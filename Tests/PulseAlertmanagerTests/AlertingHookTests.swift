import PulseAlerting
import PulseAlertmanager
import PulseCore
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

@Suite("Alerting hook on the sampling loop")
struct AlertingHookTests {
    @Test("the hook hands due alerts to the sink and puts the firing and notification counts into the snapshot")
    func hookFillsSnapshot() {
        let rules = BundledAlertRules.all.filter { $0.name == "KafkaConsumerGroupRewound" || $0.name == "KafkaConsumerGroupStalled" }
        let sink = RecordingSink()
        let hook = AlertingHook(
            evaluator: AlertEvaluator(rules: rules, options: .init(evaluationInterval: 10, generatorURL: "http://x/")), sink: sink)
        var health = ExporterHealth.initial
        health.lastSampleHadData = true
        var snapshot = ClusterSnapshot(
            build: BuildInfo(version: "t", librdkafkaVersion: "t"), clusterID: nil, controllerID: 1,
            brokers: [Broker(id: 1, host: "b", port: 9092)], topics: [],
            groups: [GroupReport(id: "g", state: .stable, members: 1, topics: [], status: .rewind)], health: health)
        hook.willPublish(&snapshot, atUnixSeconds: 100)
        #expect(sink.submitted.withLock { $0.count } == 1)
        #expect(snapshot.alerting?.firing == ["KafkaConsumerGroupRewound": 1, "KafkaConsumerGroupStalled": 0])
        #expect(snapshot.alerting?.notifications == ["http://am:9093": 1])
    }
}
