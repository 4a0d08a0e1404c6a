/// How far behind a consumer is in time on one partition: the age of its oldest unconsumed
/// message, estimated from the sampler's end-offset history (Kafka does not report it).
public struct LagTimeEstimate: Hashable, Sendable {
    /// How the value was obtained; it says how far to trust it.
    public enum Method: String, CaseIterable, Hashable, Sendable {
        /// The committed offset is at the end of the log: 0, exact.
        case caughtUp = "caught_up"
        /// The end offset passed the committed offset between two observations: linear
        /// interpolation between them, off by at most one sample interval.
        case interpolated
        /// The committed offset is older than the history: extrapolated backwards from the
        /// history's produce rate, and capped (retention, else a week).
        case extrapolated
        /// Older than the history and no produce rate to extrapolate with: the age of the oldest
        /// observation that already contained the message. The true age is at least this.
        case lowerBound = "lower_bound"
    }

    public var seconds: Double
    public var method: Method

    public init(seconds: Double, method: Method) {
        self.seconds = seconds
        self.method = method
    }

    public static let caughtUp = LagTimeEstimate(seconds: 0, method: .caughtUp)

    /// Bound on an extrapolation when the topic's retention by time is unknown or off.
    public static let defaultExtrapolationCapSeconds: Double = 7 * 24 * 3600
}
