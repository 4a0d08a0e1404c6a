/// When to ask Kafka again within one call's time limit, after an answer that says "ask again"
/// (a leader or a coordinator that just moved): a short pause first, since the new owner needs
/// some milliseconds to take over and asking at once gets the same answer, doubling each time,
/// and only while the limit leaves a round trip after the pause.
struct RetrySchedule {
    static let attempts = 3

    private let deadline: ContinuousClock.Instant
    private var pause = Duration.milliseconds(50)
    private var attemptsLeft = Self.attempts

    init(timeout: Duration) {
        deadline = ContinuousClock.now + timeout
    }

    /// Waits the pause and returns the time left for the next attempt; nil when none is due.
    mutating func nextAttempt() async -> Duration? {
        guard attemptsLeft > 0, deadline - ContinuousClock.now > pause + .milliseconds(100) else { return nil }
        attemptsLeft -= 1
        try? await Task.sleep(for: pause)
        pause *= 2
        return deadline - ContinuousClock.now
    }
}
