import PulseCore

/// The Prometheus metric types this exporter uses.
enum MetricType: String, Sendable {
    case gauge
    case counter
    /// Only for kafka_exporter's `*_sum` names: promtool reserves the `_sum` suffix for histograms
    /// and summaries except on untyped metrics, and dashboards query those names. Prometheus
    /// stores untyped series exactly like gauges.
    case untyped
}

/// One metric family: a name, its HELP and TYPE, and the series it derives from a snapshot.
///
/// A family writes only its series; the renderer writes the HELP/TYPE header and drops it again
/// when the family wrote nothing, so no family can forget that rule. Series must come out in the
/// snapshot's order (topics by name, partitions numerically, groups by id), which is label order.
protocol MetricFamily: Sendable {
    var name: String { get }
    var help: String { get }
    var type: MetricType { get }
    func write(_ context: RenderContext, into writer: inout ExpositionWriter)
    /// Whether `write` reads `context.brokerLoad`, which walks every partition: the renderer
    /// computes it only when a selected family does.
    var readsBrokerLoad: Bool { get }
}

extension MetricFamily {
    var readsBrokerLoad: Bool { false }
}
