import PulseCore

struct GroupMembersFamily: MetricFamily {
    let name = "kafka_consumergroup_members"
    let help = "Number of members (consumers) in the consumer group; absent when the group could not be described."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            guard let members = group.members else { continue }
            writer.beginGroupSeries(name, group: group.id)
            writer.endSeries(members)
        }
    }
}
