import PulseCore

struct GroupStatusFamily: MetricFamily {
    let name = "kafka_consumergroup_status"
    let help = "1 for the consumer group's status after Burrow's rules (its worst partition's) and 0 for every other: ok, warning, stall, stop, rewind, error."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            // Every status for every group, like kafka_consumergroup_state: a status change is a
            // value change on stable series, and `== 1` alerts need no absent() twin.
            for status in ConsumerStatus.inLabelOrder {
                writer.beginGroupSeries(name, group: group.id)
                writer.label("status", status.rawValue)
                writer.endSeries(status == group.status)
            }
        }
    }
}
