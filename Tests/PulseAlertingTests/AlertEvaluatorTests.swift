import PulseAlerting
import PulseCore
import Testing

@Suite("Alert evaluation: pending, firing, resolved")
struct AlertEvaluatorTests {
    static let stalled = BundledAlertRules.all.filter { $0.name == "KafkaConsumerGroupStalled" }
    static let options = AlertEvaluator.Options(
        resendInterval: 60, evaluationInterval: 10, externalLabels: ["job": "kafka-pulse", "instance": "host:9308"],
        generatorURL: "http://host:9308/")

    func stalledSnapshot(_ status: ConsumerStatus = .stall) -> ClusterSnapshot {
        Snapshots.cluster(groups: [Snapshots.group("billing", status: status)])
    }

    @Test("a condition is pending until it held for the rule's `for`, then fires and is sent at once")
    func pendingThenFiring() throws {
        var evaluator = AlertEvaluator(rules: Self.stalled, options: Self.options)
        let first = evaluator.evaluate(stalledSnapshot(), at: 1_000)
        #expect(first.notification == nil)
        #expect(first.firing == ["KafkaConsumerGroupStalled": 0])
        #expect(evaluator.evaluate(stalledSnapshot(), at: 1_290).notification == nil)

        let fired = evaluator.evaluate(stalledSnapshot(), at: 1_300)
        #expect(fired.firing == ["KafkaConsumerGroupStalled": 1])
        let alert = try #require(fired.notification?.first)
        #expect(alert.startsAt == 1_300)
        #expect(alert.endsAt == 1_540, "four resend intervals ahead")
        #expect(alert.generatorURL == "http://host:9308/")
    }

    @Test("a condition that clears before `for` never notifies")
    func pendingCleared() {
        var evaluator = AlertEvaluator(rules: Self.stalled, options: Self.options)
        _ = evaluator.evaluate(stalledSnapshot(), at: 0)
        #expect(evaluator.evaluate(stalledSnapshot(.ok), at: 200).notification == nil)
        // Starting again resets the `for` clock: 299 s after the restart it is still pending.
        _ = evaluator.evaluate(stalledSnapshot(), at: 210)
        #expect(evaluator.evaluate(stalledSnapshot(), at: 509).notification == nil)
        #expect(evaluator.evaluate(stalledSnapshot(), at: 510).notification?.count == 1)
    }

    @Test("the label set is alertname, the rule's labels, the series' labels and the exporter's identity")
    func labelSet() {
        var evaluator = AlertEvaluator(rules: Self.stalled, options: Self.options)
        _ = evaluator.evaluate(stalledSnapshot(), at: 0)
        let alert = evaluator.evaluate(stalledSnapshot(), at: 300).notification?.first
        #expect(
            alert?.labels == [
                "alertname": "KafkaConsumerGroupStalled", "severity": "critical", "consumergroup": "billing", "status": "stall",
                "job": "kafka-pulse", "instance": "host:9308",
            ])
        #expect(alert?.annotations["summary"] == "Consumer group billing is stalled")
        #expect(
            alert?.annotations["runbook_url"]
                == "https://github.com/kafka-pulse/kafka-pulse/blob/main/docs/runbook.md#kafkaconsumergroupstalled")
    }

    @Test("a firing alert keeps its startsAt and is re-sent every resend interval with endsAt pushed ahead")
    func resendKeepsStartsAt() {
        var evaluator = AlertEvaluator(rules: Self.stalled, options: Self.options)
        _ = evaluator.evaluate(stalledSnapshot(), at: 0)
        _ = evaluator.evaluate(stalledSnapshot(), at: 300)
        #expect(evaluator.evaluate(stalledSnapshot(), at: 310).notification == nil)
        #expect(evaluator.evaluate(stalledSnapshot(), at: 350).notification == nil)
        let resent = evaluator.evaluate(stalledSnapshot(), at: 360).notification?.first
        #expect(resent?.startsAt == 300)
        #expect(resent?.endsAt == 600)
    }

    @Test("endsAt lies four evaluation intervals ahead when sampling is slower than the resend interval")
    func endsAtFollowsSlowEvaluation() {
        var options = Self.options
        options.evaluationInterval = 120
        var evaluator = AlertEvaluator(rules: Self.stalled, options: options)
        _ = evaluator.evaluate(stalledSnapshot(), at: 0)
        #expect(evaluator.evaluate(stalledSnapshot(), at: 360).notification?.first?.endsAt == 840)
    }

    @Test("a cleared condition resolves the alert at once with endsAt now, re-sent until the retention ends")
    func resolution() {
        var evaluator = AlertEvaluator(rules: Self.stalled, options: Self.options)
        _ = evaluator.evaluate(stalledSnapshot(), at: 0)
        _ = evaluator.evaluate(stalledSnapshot(), at: 300)
        let resolved = evaluator.evaluate(stalledSnapshot(.ok), at: 320)
        #expect(resolved.firing == ["KafkaConsumerGroupStalled": 0])
        #expect(resolved.notification?.first?.startsAt == 300)
        #expect(resolved.notification?.first?.endsAt == 320)
        #expect(evaluator.evaluate(stalledSnapshot(.ok), at: 330).notification == nil)
        #expect(evaluator.evaluate(stalledSnapshot(.ok), at: 380).notification?.first?.endsAt == 320)
        #expect(evaluator.evaluate(stalledSnapshot(.ok), at: 320 + 901).notification == nil)
    }

    @Test("a stall after a resolution is a new alert: pending again, with a new startsAt")
    func refiringStartsAnew() {
        var evaluator = AlertEvaluator(rules: Self.stalled, options: Self.options)
        _ = evaluator.evaluate(stalledSnapshot(), at: 0)
        _ = evaluator.evaluate(stalledSnapshot(), at: 300)
        _ = evaluator.evaluate(stalledSnapshot(.ok), at: 320)
        // Pending again: only the retained resolved alert is (re-)sent.
        let pending = evaluator.evaluate(stalledSnapshot(), at: 400)
        #expect(pending.firing["KafkaConsumerGroupStalled"] == 0)
        let again = evaluator.evaluate(stalledSnapshot(), at: 700).notification
        #expect(again?.count == 1)
        #expect(again?.first?.startsAt == 700)
    }

    @Test("a sample that read nothing holds the state: no resolution from stale data")
    func failedSampleHoldsState() {
        var evaluator = AlertEvaluator(rules: Self.stalled, options: Self.options)
        _ = evaluator.evaluate(stalledSnapshot(), at: 0)
        _ = evaluator.evaluate(stalledSnapshot(), at: 300)
        let failed = evaluator.evaluate(Snapshots.cluster(groups: [], hadData: false), at: 310)
        #expect(failed.firing == ["KafkaConsumerGroupStalled": 1])
        #expect(failed.notification == nil)
        #expect(evaluator.evaluate(Snapshots.cluster(groups: [], hadData: false), at: 360).notification?.first?.endsAt == 600)
    }

    @Test("a rule without `for` fires at once and, over a window, stays firing until the window has passed")
    func rewoundWindow() {
        let rewound = BundledAlertRules.all.filter { $0.name == "KafkaConsumerGroupRewound" }
        var evaluator = AlertEvaluator(rules: rewound, options: Self.options)
        let fired = evaluator.evaluate(stalledSnapshot(.rewind), at: 0)
        #expect(fired.notification?.first?.labels["status"] == "rewind")
        #expect(evaluator.evaluate(stalledSnapshot(.ok), at: 900).firing["KafkaConsumerGroupRewound"] == 1)
        let resolved = evaluator.evaluate(stalledSnapshot(.ok), at: 901)
        #expect(resolved.firing["KafkaConsumerGroupRewound"] == 0)
        #expect(resolved.notification?.first?.endsAt == 901)
    }

    @Test("fewer brokers than the most seen in the window fires after `for`; a window without the old count clears")
    func brokersDropped() {
        let dropped = BundledAlertRules.all.filter { $0.name == "KafkaBrokerCountDropped" }
        var evaluator = AlertEvaluator(rules: dropped, options: Self.options)
        _ = evaluator.evaluate(Snapshots.cluster(brokers: 3), at: 0)
        _ = evaluator.evaluate(Snapshots.cluster(brokers: 2), at: 10)
        let fired = evaluator.evaluate(Snapshots.cluster(brokers: 2), at: 310)
        #expect(fired.notification?.first?.labels["alertname"] == "KafkaBrokerCountDropped")
        #expect(fired.notification?.first?.annotations["summary"] == "The cluster has 2 brokers, fewer than before")
        #expect(evaluator.evaluate(Snapshots.cluster(brokers: 2), at: 21_601).firing["KafkaBrokerCountDropped"] == 0)
    }

    @Test("lag in seconds fires per group and topic, strictly above the threshold")
    func lagSecondsThreshold() {
        let rule = BundledAlertRules.all.filter { $0.name == "KafkaConsumerGroupLagSecondsHigh" }
        var evaluator = AlertEvaluator(rules: rule, options: Self.options)
        let snapshot = Snapshots.cluster(groups: [
            Snapshots.lagSeconds("a", topic: "orders", seconds: 300), Snapshots.lagSeconds("b", topic: "orders", seconds: 301),
        ])
        _ = evaluator.evaluate(snapshot, at: 0)
        let fired = evaluator.evaluate(snapshot, at: 300).notification
        #expect(fired?.map { $0.labels["consumergroup"] } == ["b"])
        #expect(fired?.first?.labels["topic"] == "orders")
    }

    @Test("offline partitions fire per cluster, without series labels, after `for`")
    func offlinePartitions() {
        let rule = BundledAlertRules.all.filter { $0.name == "KafkaOfflinePartitions" }
        var evaluator = AlertEvaluator(rules: rule, options: Self.options)
        let offline = TopicReport(
            name: "orders",
            partitions: [PartitionReport(partition: 0, leader: nil, replicas: [1], inSyncReplicas: [], earliest: nil, latest: nil)])
        _ = evaluator.evaluate(Snapshots.cluster(topics: [offline]), at: 0)
        let fired = evaluator.evaluate(Snapshots.cluster(topics: [offline]), at: 60).notification?.first
        #expect(fired?.labels == ["alertname": "KafkaOfflinePartitions", "severity": "critical", "job": "kafka-pulse", "instance": "host:9308"])
        #expect(fired?.annotations["summary"] == "1 partitions are offline")
    }

    @Test("hanging transactions fire per cluster after `for`; no alert while no last stable offset is known")
    func hangingTransaction() {
        let rule = BundledAlertRules.all.filter { $0.name == "KafkaHangingTransaction" }
        func topic(openSeconds: Double?, hanging: Bool) -> TopicReport {
            TopicReport(
                name: "orders",
                partitions: [
                    PartitionReport(
                        partition: 3, leader: 1, replicas: [1], inSyncReplicas: [1], earliest: 0, latest: 40, stable: 36,
                        openTransactionSeconds: openSeconds, hangingTransaction: hanging)
                ])
        }
        var evaluator = AlertEvaluator(rules: rule, options: Self.options)
        #expect(evaluator.evaluate(Snapshots.cluster(topics: [topic(openSeconds: nil, hanging: false)]), at: 0).firing == ["KafkaHangingTransaction": 0])
        _ = evaluator.evaluate(Snapshots.cluster(topics: [topic(openSeconds: 300, hanging: true)]), at: 10)
        #expect(evaluator.evaluate(Snapshots.cluster(topics: [topic(openSeconds: 350, hanging: true)]), at: 60).notification == nil)
        let fired = evaluator.evaluate(Snapshots.cluster(topics: [topic(openSeconds: 360, hanging: true)]), at: 70).notification?.first
        #expect(fired?.labels == ["alertname": "KafkaHangingTransaction", "severity": "critical", "job": "kafka-pulse", "instance": "host:9308"])
        #expect(fired?.annotations["summary"] == "1 partitions have a hanging transaction")
    }
}
