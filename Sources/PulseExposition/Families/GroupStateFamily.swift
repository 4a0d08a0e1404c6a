import PulseCore

struct GroupStateFamily: MetricFamily {
    let name = "kafka_consumergroup_state"
    let help = "1 for the consumer group's current state and 0 for every other state of its protocol (classic: preparing_rebalance, completing_rebalance; consumer: assigning, reconciling); unknown when the group could not be described."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            // Every state for every group, so that a state change is a value change on a stable
            // series rather than one series vanishing and another appearing.
            let current = group.state ?? .unknown
            var states = GroupState.inLabelOrder(of: group.type)
            // A state the group's type does not have (a broker newer than us): shown, not hidden.
            if !states.contains(current) { states = (states + [current]).sorted { $0.rawValue < $1.rawValue } }
            for state in states {
                writer.beginGroupSeries(name, group: group.id)
                writer.label("state", state.rawValue)
                writer.endSeries(state == current)
            }
        }
    }
}
