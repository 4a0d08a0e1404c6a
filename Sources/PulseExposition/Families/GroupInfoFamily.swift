import PulseCore

struct GroupInfoFamily: MetricFamily {
    let name = "kafka_consumergroup_info"
    let help = "Always 1 for each consumer group whose assignor, coordinator or type is known; labels give the partition assignor, the coordinator broker id and the group type, classic or consumer (KIP-848) (each empty when unknown)."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            guard group.assignor != nil || group.coordinator != nil || group.type != nil else { continue }
            writer.beginGroupSeries(name, group: group.id)
            writer.label("assignor", group.assignor ?? "")
            writer.label("coordinator", group.coordinator)
            writer.label("type", group.type?.rawValue ?? "")
            writer.endSeries(1)
        }
    }
}
