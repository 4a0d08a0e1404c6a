import Foundation
import Logging
import PulseAlerting
import PulseAlertmanager
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// A sender that fails its first `failures` requests, then records what it gets.
final class FlakySender: AlertSender {
    private let state: Mutex<(failuresLeft: Int, received: [[String]])>

    init(failures: Int) { state = Mutex((failures, [])) }

    func send(_ body: Data, to target: AlertmanagerTarget) async throws {
        let names = ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []).compactMap {
            ($0["labels"] as? [String: String])?["alertname"]
        }
        try state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw AlertmanagerError(.unreachable, "down")
            }
            state.received.append(names)
        }
    }

    var received: [[String]] { state.withLock { $0.received } }
    func shutdown() async {}
}

/// An Alertmanager that accepts the connection and never answers.
final class HangingSender: AlertSender {
    let started = Mutex(false)

    func send(_ body: Data, to target: AlertmanagerTarget) async throws {
        started.withLock { $0 = true }
        try await Task.sleep(for: .seconds(3_600))
    }

    func shutdown() async {}
}

@Suite("Alert notifier: retries, newest batch, counters", .timeLimit(.minutes(1)))
struct AlertNotifierTests {
    static func alert(_ name: String) -> Alert {
        Alert(labels: ["alertname": name], annotations: [:], startsAt: 0, endsAt: 240, generatorURL: "http://x/")
    }

    static func notifier(_ sender: FlakySender, targets: [String] = ["http://am:9093"]) -> AlertNotifier<ContinuousClock> {
        AlertNotifier(
            targets: targets.compactMap { AlertmanagerTarget(url: $0) }, sender: sender,
            backoff: NotificationBackoff(initial: .milliseconds(5), cap: .milliseconds(20)), clock: ContinuousClock(),
            logger: Logger(label: "test"))
    }

    /// Runs the notifier until `done` holds, then shuts it down gracefully.
    static func run(_ notifier: AlertNotifier<ContinuousClock>, until done: @escaping @Sendable () -> Bool) async throws {
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup { group in
                group.addTask { try await notifier.run() }
                while !done() { try await Task.sleep(for: .milliseconds(5)) }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test("a batch that failed is retried with backoff until the Alertmanager takes it, and counted")
    func retriesUntilAccepted() async throws {
        let sender = FlakySender(failures: 2)
        let notifier = Self.notifier(sender)
        notifier.submit([Self.alert("A")])
        try await Self.run(notifier) { !sender.received.isEmpty }
        #expect(sender.received == [["A"]])
        #expect(notifier.counts().sent == ["http://am:9093": 3])
        #expect(notifier.counts().failed == ["http://am:9093": 2])
    }

    @Test("while the Alertmanager is down a newer batch replaces the waiting one; nothing older is sent after it")
    func newestBatchWins() async throws {
        let sender = FlakySender(failures: 1_000_000)
        let notifier = Self.notifier(sender)
        notifier.submit([Self.alert("old")])
        notifier.submit([Self.alert("old"), Self.alert("new")])
        try await Self.run(notifier) { notifier.counts().failed["http://am:9093", default: 0] >= 1 }
        #expect(sender.received.isEmpty)

        let healthy = FlakySender(failures: 0)
        let second = Self.notifier(healthy)
        second.submit([Self.alert("old")])
        second.submit([Self.alert("old"), Self.alert("new")])
        try await Self.run(second) { !healthy.received.isEmpty }
        #expect(healthy.received.last == ["old", "new"])
        #expect(!healthy.received.contains(["old"]))
    }

    @Test("every Alertmanager of an HA pair gets every batch")
    func everyTargetGetsIt() async throws {
        let sender = FlakySender(failures: 0)
        let notifier = Self.notifier(sender, targets: ["http://am-1:9093", "http://am-2:9093/"])
        notifier.submit([Self.alert("A")])
        try await Self.run(notifier) { sender.received.count == 2 }
        #expect(notifier.counts().sent == ["http://am-1:9093": 1, "http://am-2:9093": 1])
    }

    @Test("a graceful shutdown cuts off a send that hangs, without counting it as failed")
    func shutdownCutsOffHangingSend() async throws {
        let sender = HangingSender()
        let notifier = AlertNotifier(
            targets: [AlertmanagerTarget(url: "http://am:9093")].compactMap { $0 }, sender: sender,
            backoff: NotificationBackoff(cap: .seconds(60)), clock: ContinuousClock(), logger: Logger(label: "test"))
        notifier.submit([Self.alert("A")])
        // Returns only because the hanging send was cut off; otherwise the suite's time limit fails it.
        try await Self.run(notifier) { sender.started.withLock { $0 } }
        #expect(notifier.counts().failed == ["http://am:9093": 0])
    }

    @Test("backoff doubles from its start and stops at the cap")
    func backoff() {
        let backoff = NotificationBackoff(initial: .seconds(1), cap: .seconds(60))
        #expect((1...8).map { backoff.delay(afterFailures: $0) } == [1, 2, 4, 8, 16, 32, 60, 60].map { Duration.seconds($0) })
    }
}
