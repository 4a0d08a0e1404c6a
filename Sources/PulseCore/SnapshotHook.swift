/// Sees every snapshot after it is built and before it is rendered, and may add its own numbers
/// to it (the alerting's self-metrics). It runs on the sampling loop, so it must return at once:
/// slow work (network) belongs to a service of its own that the hook only hands data to.
public protocol SnapshotHook: Sendable {
    func willPublish(_ snapshot: inout ClusterSnapshot, atUnixSeconds now: Double)
}
