import Logging
public import PulseAlerting
public import PulseCore
public import ServiceLifecycle
import Synchronization

/// Evaluates the alert rules on the snapshots the sampler builds, as a Service of its own: the
/// sampler's hook only hands over the snapshot (a value, so no copy) and reads back the last
/// numbers, so evaluation never delays a sample or a scrape. When evaluation falls behind, only
/// the newest snapshot waits; `for` durations are measured in wall time, so skipping one changes
/// nothing but the moment of the next check.
///
/// The self-metrics on a page are those of the evaluation before it (one sample behind).
public final class AlertEvaluation: SnapshotHook, Service {
    private let evaluator: Mutex<AlertEvaluator>
    private let sink: any AlertSink
    private let firing: Mutex<[String: Int]>
    private let snapshots: AsyncStream<(ClusterSnapshot, Double)>
    private let handOver: AsyncStream<(ClusterSnapshot, Double)>.Continuation

    public init(evaluator: AlertEvaluator, sink: any AlertSink) {
        self.evaluator = Mutex(evaluator)
        self.sink = sink
        var zero: [String: Int] = [:]
        for rule in evaluator.rules { zero[rule.name] = 0 }
        self.firing = Mutex(zero)
        (snapshots, handOver) = AsyncStream.makeStream(of: (ClusterSnapshot, Double).self, bufferingPolicy: .bufferingNewest(1))
    }

    public func willPublish(_ snapshot: inout ClusterSnapshot, atUnixSeconds now: Double) {
        handOver.yield((snapshot, now))
        let counts = sink.counts()
        snapshot.alerting = AlertingStatus(
            firing: firing.withLock { $0 }, notifications: counts.sent, failedNotifications: counts.failed)
    }

    public func run() async throws {
        for await (snapshot, now) in snapshots.cancelOnGracefulShutdown() {
            evaluate(snapshot, at: now)
        }
    }

    /// One evaluation, as `run()` does for each snapshot handed over.
    public func evaluate(_ snapshot: ClusterSnapshot, at now: Double) {
        let evaluation = evaluator.withLock { $0.evaluate(snapshot, at: now) }
        firing.withLock { $0 = evaluation.firing }
        if let alerts = evaluation.notification { sink.submit(alerts) }
    }
}
