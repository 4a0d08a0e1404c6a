/// Every time limit that follows from the sample interval, decided here and nowhere else. The
/// exporter computes it once at start and hands the same value to the sampler, the worker (inside
/// each sample request) and the readiness check.
public struct SampleTiming: Hashable, Sendable, Codable {
    /// How often a sample starts.
    public let interval: Duration
    /// A sample still running at this point is cut off (the worker is killed) and counted: a little
    /// before the next one is due, so samples never overlap.
    public let deadline: Duration
    /// The worker answers with what it has by this point, a little before the exporter's deadline,
    /// so that a slow cluster yields a partial sample instead of a killed worker.
    public let workerBudget: Duration
    /// Each Kafka request's time limit: the configured one, but at most half the interval, so one
    /// slow request leaves room for the rest of the sample.
    public let requestTimeout: Duration
    /// /readyz fails once the last successful sample is older than this: three intervals, so one
    /// or two failed samples in a row do not flap readiness.
    public let readinessWindow: Duration

    public init(interval: Duration, requestTimeout configured: Duration) {
        self.interval = interval
        self.deadline = interval * 0.9
        self.workerBudget = deadline * 0.85
        self.requestTimeout = min(configured, interval / 2)
        self.readinessWindow = interval * 3
    }
}
