public import PulseCore

/// Renders a snapshot to the Prometheus text format, once per sample.
public enum ExpositionRenderer {
    /// Clears `buffer` and fills it with the page for `snapshot`, keeping its capacity so that a
    /// sampler rendering every few seconds allocates only when the cluster grows.
    public static func render(
        _ snapshot: ClusterSnapshot, constantLabels: ConstantLabels = ConstantLabels(), reusing buffer: inout [UInt8]
    ) {
        var writer = ExpositionWriter(reusing: &buffer)
        writer.constantLabels = constantLabels.rendered
        writer.bytes.reserveCapacity(estimatedSize(of: snapshot) + constantLabels.rendered.count * seriesGuess(snapshot))
        let context = RenderContext(snapshot)
        for family in MetricFamilies.sortedByName {
            let mark = writer.count
            let seriesBefore = writer.seriesCount
            writer.header(name: family.name, help: family.help, type: family.type)
            family.write(context, into: &writer)
            // A family without series is omitted entirely, header included.
            if writer.seriesCount == seriesBefore { writer.truncate(to: mark) }
        }
        writer.finish(into: &buffer)
    }

    public static func render(_ snapshot: ClusterSnapshot, constantLabels: ConstantLabels = ConstantLabels()) -> [UInt8] {
        var buffer: [UInt8] = []
        render(snapshot, constantLabels: constantLabels, reusing: &buffer)
        return buffer
    }

    /// Roughly how many series the page has, to size the room constant labels take.
    static func seriesGuess(_ snapshot: ClusterSnapshot) -> Int {
        guard snapshot.topics.count + snapshot.brokers.count > 0 else { return 0 }
        return 64 + snapshot.brokers.count * 4 + snapshot.topics.reduce(0) { $0 + 16 + $1.partitions.count * 12 }
    }
}
