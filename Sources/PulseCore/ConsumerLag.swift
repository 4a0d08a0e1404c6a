/// Offset lag of one group on one partition, as `kafka-consumer-groups.sh --describe` defines it:
/// log-end offset minus committed offset.
public enum PartitionLag: Hashable, Sendable {
    /// End offset and committed offset are both known.
    case known(Int64)
    /// The committed offset was ahead of the end offset read after it. That can only happen through
    /// a race the phase order rules out, or a broker reporting a stale end offset; lag is 0 and the
    /// clamp is counted so that it is visible.
    case clamped
    /// The end offset is unknown (leader down, ListOffsets failed): no lag can be computed.
    case unknown

    public init(committed: Int64, logEnd: Int64?) {
        guard let logEnd else {
            self = .unknown
            return
        }
        self = logEnd >= committed ? .known(logEnd - committed) : .clamped
    }

    /// The value to export, nil when there is none.
    public var value: Int64? {
        switch self {
        case .known(let lag): lag
        case .clamped: 0
        case .unknown: nil
        }
    }
}
