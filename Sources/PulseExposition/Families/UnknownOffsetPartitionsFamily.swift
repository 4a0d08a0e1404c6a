import PulseCore

struct UnknownOffsetPartitionsFamily: MetricFamily {
    let name = "kafka_pulse_partitions_offset_unknown"
    let help = "Partitions whose log-end offset the last sample could not read (leader down or ListOffsets failed)."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        writer.series(name, context.snapshot.health.unknownOffsetPartitions)
    }
}
