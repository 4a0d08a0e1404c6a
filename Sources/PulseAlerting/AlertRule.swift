/// One alert the exporter evaluates itself: the same name, condition, `for`, labels and runbook
/// as the rule of that name in `alerts/*.yml` (`BundledAlertRulesTests` proves they agree, and a
/// rule file given at startup replaces the thresholds, `for`, labels and runbook).
public struct AlertRule: Hashable, Sendable {
    /// The `alertname` label.
    public var name: String
    public var condition: AlertCondition
    /// Seconds the condition must hold before the alert fires (`for:`); 0 fires at once.
    public var holdFor: Double
    /// The rule's own labels (`severity`, and whatever a tuned rule file adds).
    public var labels: [String: String]
    public var runbookURL: String?

    public init(name: String, condition: AlertCondition, holdFor: Double, labels: [String: String], runbookURL: String?) {
        self.name = name
        self.condition = condition
        self.holdFor = holdFor
        self.labels = labels
        self.runbookURL = runbookURL
    }
}
