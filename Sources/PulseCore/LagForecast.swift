/// Forecasts from a group's lag and the rates around it: when it catches up, and how long until
/// retention deletes what it has not read. Pure arithmetic, kept apart so that the rules are
/// tested on their own.
public enum LagForecast {
    /// Seconds until `lag` messages are gone at the net drain rate (consume minus produce rate,
    /// messages per second): 0 without lag; nil when the group is not draining (net rate 0 or
    /// less), because no finite time says "never at this pace".
    public static func catchUpSeconds(lag: Int64, consumeRate: Double, produceRate: Double) -> Double? {
        guard lag > 0 else { return 0 }
        let drain = consumeRate - produceRate
        guard drain > 0, drain.isFinite else { return nil }
        return Double(lag) / drain
    }

    /// Retention time minus the age of the oldest unconsumed message: the time left before
    /// retention starts deleting messages the group has not read. Negative when overdue (Kafka
    /// deletes whole segments, so such messages may still be there, but not for long).
    public static func retentionMarginSeconds(retentionSeconds: Double?, lagSeconds: Double?) -> Double? {
        guard let retentionSeconds, let lagSeconds else { return nil }
        return retentionSeconds - lagSeconds
    }
}
