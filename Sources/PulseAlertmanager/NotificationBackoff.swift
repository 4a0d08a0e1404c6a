/// Delay before the next try after failed notifications: 1 s doubling, capped at the resend
/// interval (by then the evaluator has a fresher batch anyway, which the retry picks up).
public struct NotificationBackoff: Hashable, Sendable {
    public var initial: Duration
    public var cap: Duration

    public init(initial: Duration = .seconds(1), cap: Duration) {
        self.initial = initial
        self.cap = max(cap, initial)
    }

    /// The wait after `failures` consecutive failures (1 = the first).
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(1, failures) {
            delay *= 2
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }
}
