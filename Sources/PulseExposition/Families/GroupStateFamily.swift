import PulseCore

struct GroupStateFamily: MetricFamily {
    let name = "kafka_consumergroup_state"
    let help = "1 for the consumer group's current state and 0 for every other state; unknown when the group could not be described."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            // Every state for every group, so that a state change is a value change on a stable
            // series rather than one series vanishing and another appearing.
            let current = group.state ?? .unknown
            for state in GroupState.inLabelOrder {
                writer.beginGroupSeries(name, group: group.id)
                writer.label("state", state.rawValue)
                writer.endSeries(state == current)
            }
        }
    }
}
