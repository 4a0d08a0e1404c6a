/// A consumer's health on a partition or a group, after Burrow's rules (see `StatusRules`).
public enum ConsumerStatus: String, CaseIterable, Hashable, Sendable {
    case ok
    /// Committing, but the lag did not shrink once across the window: the consumer is too slow.
    case warning
    /// The lag cannot be judged: the partition's end offset or the group's offsets are unknown.
    case error
    /// The committed offset went backwards and has not come back (a reset, or reprocessing).
    case rewind
    /// Members are present but the committed offset did not move across the window, with lag.
    case stall
    /// Nobody is consuming: no members, and no progress for longer than the window, with lag.
    case stop

    /// Rank for "the group's status is its worst partition's". Warning is a consumer keeping up
    /// too slowly; error is worse because it hides whatever the partition is doing, yet proves no
    /// fault. Rewind is a definite anomaly, but the consumer is still working. Stall has messages
    /// piling up behind a live consumer; stop is worst: nothing consumes at all.
    public var severity: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .error: 2
        case .rewind: 3
        case .stall: 4
        case .stop: 5
        }
    }

    /// The more severe of two statuses.
    public func worse(_ other: ConsumerStatus) -> ConsumerStatus { other.severity > severity ? other : self }
}
