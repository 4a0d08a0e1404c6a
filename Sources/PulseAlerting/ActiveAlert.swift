/// An alert the evaluator tracks, as Prometheus' rule manager does: pending until its condition
/// held for the rule's `for`, then firing, then resolved (kept a while to be re-sent).
struct ActiveAlert: Hashable, Sendable {
    enum State: Hashable, Sendable {
        case pending
        case firing
        case resolved
    }

    var ruleIndex: Int
    var labels: [String: String]
    /// The condition's value at the last evaluation that saw it (quoted by the annotations).
    var value: Double
    var state: State
    /// First evaluation that saw the condition (Prometheus' ActiveAt).
    var activeAt: Double
    /// When it turned firing: the `startsAt` sent to Alertmanager.
    var firedAt: Double?
    var resolvedAt: Double?
}
