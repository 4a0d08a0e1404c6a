/// One series for which a condition holds at an evaluation: the labels it carries (as the
/// Prometheus series would, without job/instance) and the value the annotations quote.
public struct AlertSeries: Hashable, Sendable {
    public var labels: [String: String]
    public var value: Double

    public init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }
}
