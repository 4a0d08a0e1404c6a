import PulseCore

/// What a family renders from: the snapshot, plus the values derived from it that more than one
/// family needs. The renderer builds one per page, so such a value is computed once per render
/// rather than once per family.
struct RenderContext {
    let snapshot: ClusterSnapshot
    /// Partitions led and replicas hosted per broker id; `ClusterSnapshot.brokerLoad` walks every
    /// partition and builds a dictionary, and two families read it; empty when neither is selected.
    let brokerLoad: [Int32: BrokerLoad]

    init(_ snapshot: ClusterSnapshot, needsBrokerLoad: Bool = true) {
        self.snapshot = snapshot
        self.brokerLoad = needsBrokerLoad ? snapshot.brokerLoad : [:]
    }
}
