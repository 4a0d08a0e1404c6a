import PulseCore

struct GroupLagSecondsEstimatesFamily: MetricFamily {
    let name = "kafka_consumergroup_lag_seconds_estimates"
    let help = "Partitions of the topic whose lag in seconds came from each method: caught_up (exact 0), interpolated (within a sample interval), extrapolated (from the produce rate, capped), lower_bound (at least this old)."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        // Per topic rather than a method label on every partition series: it says how far to trust
        // kafka_consumergroup_max_lag_seconds at a fixed four series per group and topic.
        for group in context.snapshot.groups {
            for topic in group.topics where topic.partitions.contains(where: { $0.lagSeconds != nil }) {
                for method in LagTimeEstimate.Method.inLabelOrder {
                    writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                    writer.label("method", method.rawValue)
                    writer.endSeries(topic.partitions.count { $0.lagSeconds?.method == method })
                }
            }
        }
    }
}
