/// One alert as Alertmanager's `POST /api/v2/alerts` takes it. Times are Unix seconds; the notifier
/// writes them as RFC 3339.
public struct Alert: Hashable, Sendable {
    public var labels: [String: String]
    public var annotations: [String: String]
    /// When the alert started firing; the same on every re-send while it fires.
    public var startsAt: Double
    /// While firing: a few resend intervals ahead, so Alertmanager resolves it by itself if the
    /// exporter dies. Once resolved: the evaluation that saw the condition clear.
    public var endsAt: Double
    public var generatorURL: String

    public init(labels: [String: String], annotations: [String: String], startsAt: Double, endsAt: Double, generatorURL: String) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    public var name: String { labels["alertname"] ?? "" }
}
