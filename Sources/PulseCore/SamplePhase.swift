/// The steps of one sample, in the order the worker runs them.
///
/// Committed group offsets are read before end offsets, so that a group committing between the
/// two reads can only make lag look larger, never negative.
public enum SamplePhase: String, CaseIterable, Hashable, Sendable, Codable {
    case metadata
    /// DescribeCluster: broker racks (cluster and controller id come with the metadata).
    case cluster
    case topicConfigs = "topic_configs"
    case groupList = "group_list"
    case groupDescribe = "group_describe"
    case groupOffsets = "group_offsets"
    case endOffsets = "end_offsets"
    case startOffsets = "start_offsets"
    /// ListOffsets latest with the read_committed isolation level: last stable offsets.
    case stableOffsets = "stable_offsets"
}

/// How one phase of a sample went: its duration and, when it failed wholly or partly, why.
public struct PhaseReport: Hashable, Sendable, Codable {
    public var phase: SamplePhase
    public var durationSeconds: Double
    /// nil when the phase read everything it asked for.
    public var error: String?

    public init(phase: SamplePhase, durationSeconds: Double, error: String? = nil) {
        self.phase = phase
        self.durationSeconds = durationSeconds
        self.error = error
    }
}
