import PulseAlerting
import Synchronization

/// A one-slot mailbox per Alertmanager: the hook drops in the newest batch (replacing one not yet
/// sent, which the newer one contains: every batch is the whole alert state), the sender takes it.
/// So a slow or dead Alertmanager holds at most one batch, and the newest state is never lost.
final class LatestBatch: Sendable {
    private let slot = Mutex<[Alert]?>(nil)
    private let doorbell: AsyncStream<Void>.Continuation
    let rings: AsyncStream<Void>

    init() {
        (rings, doorbell) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func put(_ alerts: [Alert]) {
        slot.withLock { $0 = alerts }
        doorbell.yield()
    }

    /// Puts back a batch that failed, unless a newer one arrived meanwhile.
    func putBack(_ alerts: [Alert]) {
        slot.withLock { if $0 == nil { $0 = alerts } }
    }

    func take() -> [Alert]? {
        slot.withLock { current in
            defer { current = nil }
            return current
        }
    }

    func finish() { doorbell.finish() }
}
