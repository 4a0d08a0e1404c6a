import PulseCore

struct HistorySeriesFamily: MetricFamily {
    let name = "kafka_pulse_offset_history_series"
    let help = "Offset series the exporter keeps for rates, lag in seconds and status: per partition (end offsets) and per group and partition (committed offsets). Follows the cluster; growth under topic or group churn would be a leak."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        let count = context.snapshot.health.historySeries
        writer.beginSeries(name)
        writer.label("kind", "group_partition")
        writer.endSeries(count.groupPartitions)
        writer.beginSeries(name)
        writer.label("kind", "partition")
        writer.endSeries(count.partitions)
    }
}
