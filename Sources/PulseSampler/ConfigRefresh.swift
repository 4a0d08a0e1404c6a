/// When a sample should also read topic configs: at the first sample, then once per refresh
/// interval after the last time they came back. Configs rarely change; reading them every sample
/// would cost a DescribeConfigs request over every topic for nothing.
public struct ConfigRefresh<C: Clock>: Sendable where C.Duration == Duration {
    public let interval: Duration
    private var lastRead: C.Instant?

    public init(interval: Duration) {
        self.interval = interval
    }

    public func isDue(at now: C.Instant) -> Bool {
        guard let lastRead else { return true }
        return lastRead.duration(to: now) >= interval
    }

    public mutating func recordRead(at now: C.Instant) {
        lastRead = now
    }
}
