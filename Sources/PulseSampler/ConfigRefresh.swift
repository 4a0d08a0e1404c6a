/// When a sample should also read topic configs: at the first sample, then once per refresh
/// interval after the last time they came back. Configs rarely change; reading them every sample
/// would cost a DescribeConfigs request over every topic for nothing.
public struct ConfigRefresh: Sendable {
    public let interval: Duration
    private var lastRead: ContinuousClock.Instant?

    public init(interval: Duration) {
        self.interval = interval
    }

    public func isDue(at now: ContinuousClock.Instant) -> Bool {
        guard let lastRead else { return true }
        return lastRead.duration(to: now) >= interval
    }

    public mutating func recordRead(at now: ContinuousClock.Instant) {
        lastRead = now
    }
}
