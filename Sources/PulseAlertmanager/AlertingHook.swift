public import PulseAlerting
public import PulseCore
import Synchronization

/// Evaluates the alert rules on every snapshot the sampler builds, hands what must be sent to the
/// notifier without waiting, and puts the alerting's self-metrics into the snapshot.
public final class AlertingHook: SnapshotHook {
    private let evaluator: Mutex<AlertEvaluator>
    private let sink: any AlertSink

    public init(evaluator: AlertEvaluator, sink: any AlertSink) {
        self.evaluator = Mutex(evaluator)
        self.sink = sink
    }

    public func willPublish(_ snapshot: inout ClusterSnapshot, atUnixSeconds now: Double) {
        let evaluation = evaluator.withLock { [snapshot] in $0.evaluate(snapshot, at: now) }
        if let alerts = evaluation.notification { sink.submit(alerts) }
        let counts = sink.counts()
        snapshot.alerting = AlertingStatus(firing: evaluation.firing, notifications: counts.sent, failedNotifications: counts.failed)
    }
}
