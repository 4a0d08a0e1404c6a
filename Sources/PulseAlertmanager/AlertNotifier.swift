import Foundation
public import Logging
public import PulseAlerting
public import ServiceLifecycle
import Synchronization

/// Sends the evaluator's batches to every Alertmanager (an HA pair gets each one), as a Service of
/// its own: the sampling loop only drops a batch into each Alertmanager's one-slot mailbox and
/// never waits. A failed send is retried with backoff, each time with the newest batch.
public final class AlertNotifier<C: Clock>: Service, AlertSink where C.Duration == Duration {
    private let targets: [(target: AlertmanagerTarget, mailbox: LatestBatch)]
    private let sender: any AlertSender
    private let backoff: NotificationBackoff
    private let clock: C
    private let logger: Logger
    private let counters = Mutex(NotificationCounts())

    public init(targets: [AlertmanagerTarget], sender: any AlertSender, backoff: NotificationBackoff, clock: C, logger: Logger) {
        self.targets = targets.map { ($0, LatestBatch()) }
        self.sender = sender
        self.backoff = backoff
        self.clock = clock
        self.logger = logger
        counters.withLock { counts in
            for target in targets {
                counts.sent[target.url] = 0
                counts.failed[target.url] = 0
            }
        }
    }

    public func submit(_ alerts: [Alert]) {
        for entry in targets { entry.mailbox.put(alerts) }
    }

    public func counts() -> NotificationCounts { counters.withLock { $0 } }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for entry in targets {
                group.addTask { await self.deliver(to: entry.target, from: entry.mailbox) }
            }
        }
        await sender.shutdown()
    }

    private func deliver(to target: AlertmanagerTarget, from mailbox: LatestBatch) async {
        var failures = 0
        for await _ in mailbox.rings.cancelOnGracefulShutdown() {
            while let alerts = mailbox.take() {
                let body: Data
                do {
                    body = try AlertmanagerPayload.encode(alerts)
                } catch {
                    logger.error("cannot encode alerts", metadata: ["pulse.error": "\(error)"])
                    break
                }
                do {
                    // Cut off by a graceful shutdown: a hanging Alertmanager must not hold up the exit.
                    try await cancelWhenGracefulShutdown { try await self.sender.send(body, to: target) }
                    counters.withLock { $0.sent[target.url, default: 0] += 1 }
                    if failures > 0 { logger.info("alertmanager reachable again", metadata: ["pulse.alertmanager": "\(target.url)"]) }
                    failures = 0
                } catch {
                    // A send cut off by shutdown is no failure of the Alertmanager's.
                    if Task.isShuttingDownGracefully || Task.isCancelled { return }
                    counters.withLock {
                        $0.sent[target.url, default: 0] += 1
                        $0.failed[target.url, default: 0] += 1
                    }
                    failures += 1
                    let delay = backoff.delay(afterFailures: failures)
                    logger.warning(
                        "alert notification failed, retrying",
                        metadata: [
                            "pulse.alertmanager": "\(target.url)", "pulse.error": "\(error)", "pulse.retry_in": "\(delay)",
                            "pulse.alerts": "\(alerts.count)",
                        ])
                    mailbox.putBack(alerts)
                    do {
                        try await cancelWhenGracefulShutdown { try await self.clock.sleep(for: delay, tolerance: nil) }
                    } catch {
                        return
                    }
                }
            }
        }
    }
}

/// Notification requests per Alertmanager URL, failed ones included in `sent`.
public struct NotificationCounts: Hashable, Sendable {
    public var sent: [String: Int] = [:]
    public var failed: [String: Int] = [:]

    public init() {}
}

/// Where the alerting hook hands batches to: the notifier, or a test double.
public protocol AlertSink: Sendable {
    func submit(_ alerts: [Alert])
    func counts() -> NotificationCounts
}
