public import PulseCore

/// Renders a snapshot to the Prometheus text format, once per sample.
public enum ExpositionRenderer {
    /// Clears `buffer` and fills it with the page for `snapshot`, keeping its capacity so that a
    /// sampler rendering every few seconds allocates only when the cluster grows. Only the families
    /// in `selection` are rendered; the others are not visited at all. Returns where each rendered
    /// family sits in `buffer`.
    @discardableResult
    public static func render(
        _ snapshot: ClusterSnapshot, constantLabels: ConstantLabels = ConstantLabels(), selection: FamilySelection = .all,
        reusing buffer: inout [UInt8]
    ) -> [FamilySpan] {
        var writer = ExpositionWriter(reusing: &buffer)
        writer.constantLabels = constantLabels.rendered
        writer.bytes.reserveCapacity(estimatedSize(of: snapshot) + constantLabels.rendered.count * seriesGuess(snapshot))
        let context = RenderContext(snapshot, needsBrokerLoad: selection.needsBrokerLoad)
        var spans: [FamilySpan] = []
        spans.reserveCapacity(selection.families.count)
        for family in selection.families {
            let mark = writer.count
            let seriesBefore = writer.seriesCount
            writer.header(name: family.name, help: family.help, type: family.type)
            let headerEnd = writer.count
            family.write(context, into: &writer)
            // A family without series is omitted entirely, header included.
            if writer.seriesCount == seriesBefore {
                writer.truncate(to: mark)
            } else {
                spans.append(FamilySpan(name: family.name, header: mark..<headerEnd, series: headerEnd..<writer.count))
            }
        }
        writer.finish(into: &buffer)
        return spans
    }

    public static func render(
        _ snapshot: ClusterSnapshot, constantLabels: ConstantLabels = ConstantLabels(), selection: FamilySelection = .all
    ) -> [UInt8] {
        var buffer: [UInt8] = []
        render(snapshot, constantLabels: constantLabels, selection: selection, reusing: &buffer)
        return buffer
    }

    /// Roughly how many series the page has, to size the room constant labels take.
    static func seriesGuess(_ snapshot: ClusterSnapshot) -> Int {
        guard snapshot.topics.count + snapshot.brokers.count > 0 else { return 0 }
        return 64 + snapshot.brokers.count * 4 + snapshot.topics.reduce(0) { $0 + 16 + $1.partitions.count * 12 }
    }
}
