/// When the sampling worker may be started again after failures: exponential backoff, reset by the
/// first sample that comes back.
public struct RestartBackoff: Sendable {
    public let initial: Duration
    public let maximum: Duration
    private(set) var consecutiveFailures = 0
    private(set) var notBefore: ContinuousClock.Instant?

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    public mutating func recordFailure(at now: ContinuousClock.Instant) {
        consecutiveFailures += 1
        notBefore = now.advanced(by: delay)
    }

    public mutating func recordSuccess() {
        consecutiveFailures = 0
        notBefore = nil
    }

    /// The wait before the next start: nothing after a success, then 0.5 s, 1 s, 2 s … up to `maximum`.
    public var delay: Duration {
        guard consecutiveFailures > 0 else { return .zero }
        let doublings = min(consecutiveFailures - 1, 16)
        return min(initial * (1 << doublings), maximum)
    }

    /// How long to wait at `now` before starting a worker.
    public func wait(at now: ContinuousClock.Instant) -> Duration {
        guard let notBefore, now < notBefore else { return .zero }
        return now.duration(to: notBefore)
    }
}
