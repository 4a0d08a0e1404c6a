public import PulseCore

/// Evaluates the rules on each snapshot and decides what to tell Alertmanager, with Prometheus'
/// semantics: an alert is pending until its condition has held for the rule's `for`, then fires
/// with a `startsAt` that stays the same while it fires; a firing alert is re-sent every resend
/// interval with `endsAt` four intervals ahead; when its condition clears it is resolved
/// (`endsAt` = that evaluation) and re-sent for a while, so a notification lost to an outage is
/// made good by the next one.
///
/// Pure and deterministic: time comes in as an argument (Unix seconds), nothing is read from a
/// clock, so tests drive it with any sequence of times.
public struct AlertEvaluator: Sendable {
    public struct Options: Hashable, Sendable {
        /// Seconds between re-sends of unchanged alerts (Prometheus' `--rules.alert.resend-delay`).
        public var resendInterval: Double
        /// Seconds between samples: `endsAt` is four times the larger of the two ahead.
        public var evaluationInterval: Double
        /// Seconds a resolved alert keeps being re-sent (Prometheus: 15m).
        public var resolvedRetention: Double
        /// Added to every alert (exporter identity: `job`, `instance`, or your own); rule and
        /// series labels win over them, as with Prometheus' external labels.
        public var externalLabels: [String: String]
        /// Link back to the exporter, sent as every alert's `generatorURL`.
        public var generatorURL: String

        public init(
            resendInterval: Double = 60, evaluationInterval: Double, resolvedRetention: Double = 900,
            externalLabels: [String: String] = [:], generatorURL: String
        ) {
            self.resendInterval = resendInterval
            self.evaluationInterval = evaluationInterval
            self.resolvedRetention = resolvedRetention
            self.externalLabels = externalLabels
            self.generatorURL = generatorURL
        }

        /// How far ahead of now a firing alert's `endsAt` lies.
        public var validFor: Double { 4 * max(resendInterval, evaluationInterval) }
    }

    /// What one evaluation produced.
    public struct Evaluation: Hashable, Sendable {
        /// Firing alerts per rule name, every rule present (0 included).
        public var firing: [String: Int]
        /// Every firing alert and every resolved one still retained, when something changed or
        /// the resend interval passed; nil when there is nothing to send now.
        public var notification: [Alert]?
    }

    public let rules: [AlertRule]
    public let options: Options
    private var active: [[String: String]: ActiveAlert] = [:]
    private var memory = ConditionMemory()
    private var lastSentAt: Double?
    /// The longest range window of any rule: how long the memory keeps what it saw.
    private let memorySpan: Double

    public init(rules: [AlertRule], options: Options) {
        self.rules = rules
        self.options = options
        self.memorySpan = rules.filter { $0.condition.parameterIsDuration }.compactMap { $0.condition.parameter }.max() ?? 0
    }

    public mutating func evaluate(_ snapshot: ClusterSnapshot, at now: Double) -> Evaluation {
        var changed = false
        // A sample that read nothing republishes the last data; judging it again would keep
        // stale conditions alive or let `for` run on old numbers. The state is held instead.
        if snapshot.health.lastSampleHadData {
            changed = advance(snapshot, at: now)
        }
        for (key, alert) in active where alert.state == .resolved {
            if let resolvedAt = alert.resolvedAt, now - resolvedAt > options.resolvedRetention { active[key] = nil }
        }

        var firing: [String: Int] = [:]
        for rule in rules { firing[rule.name] = 0 }
        for alert in active.values where alert.state == .firing { firing[rules[alert.ruleIndex].name, default: 0] += 1 }

        let sendable = active.values.filter { $0.state != .pending }
        let due = lastSentAt.map { now - $0 >= options.resendInterval } ?? true
        guard !sendable.isEmpty, changed || due else { return Evaluation(firing: firing, notification: nil) }
        lastSentAt = now
        let alerts = sendable.map { alert(for: $0, at: now) }.sorted { $0.labels.sortedPairs < $1.labels.sortedPairs }
        return Evaluation(firing: firing, notification: alerts)
    }

    /// Moves every alert one evaluation on; true when one started firing or resolved.
    private mutating func advance(_ snapshot: ClusterSnapshot, at now: Double) -> Bool {
        memory.record(
            groups: snapshot.groups.map { ($0.id, $0.status.rawValue) }, brokers: snapshot.brokers.count, at: now,
            keepFor: memorySpan, recordBrokers: !snapshot.brokers.isEmpty)
        var changed = false
        var seen: Set<[String: String]> = []
        // A replica without offsets partition 0 (it moves in group mode) did not read the whole cluster.
        let clusterWide = snapshot.options.shard.exportsClusterWide
        for (index, rule) in rules.enumerated() where clusterWide || !rule.condition.readsClusterWide {
            for series in rule.condition.series(in: snapshot, memory: memory, at: now) {
                let labels = labels(for: rule, series: series)
                seen.insert(labels)
                if var alert = active[labels], alert.state != .resolved {
                    alert.value = series.value
                    if alert.state == .pending, now - alert.activeAt >= rule.holdFor {
                        alert.state = .firing
                        alert.firedAt = now
                        changed = true
                    }
                    active[labels] = alert
                } else {
                    let firesNow = rule.holdFor <= 0
                    active[labels] = ActiveAlert(
                        ruleIndex: index, labels: labels, value: series.value, state: firesNow ? .firing : .pending,
                        activeAt: now, firedAt: firesNow ? now : nil, resolvedAt: nil)
                    changed = changed || firesNow
                }
            }
        }
        for (key, alert) in active where !seen.contains(key) {
            switch alert.state {
            case .pending:
                active[key] = nil
            case .firing:
                active[key]?.state = .resolved
                active[key]?.resolvedAt = now
                changed = true
            case .resolved:
                break
            }
        }
        return changed
    }

    private func labels(for rule: AlertRule, series: AlertSeries) -> [String: String] {
        var labels = options.externalLabels
        labels.merge(series.labels) { _, new in new }
        labels.merge(rule.labels) { _, new in new }
        labels["alertname"] = rule.name
        return labels
    }

    private func annotations(for rule: AlertRule, labels: [String: String], value: Double) -> [String: String] {
        var annotations = [
            "summary": AlertText.summary(rule.condition.kind, labels: labels, value: value),
            "description": AlertText.description(rule.condition, labels: labels, value: value),
        ]
        if let runbook = rule.runbookURL { annotations["runbook_url"] = runbook }
        return annotations
    }

    private func alert(for alert: ActiveAlert, at now: Double) -> Alert {
        let startsAt = alert.firedAt ?? alert.activeAt
        let endsAt = alert.state == .resolved ? (alert.resolvedAt ?? now) : now + options.validFor
        // Annotations only for what is sent: most evaluations send nothing, and pending alerts never.
        return Alert(
            labels: alert.labels, annotations: annotations(for: rules[alert.ruleIndex], labels: alert.labels, value: alert.value),
            startsAt: startsAt, endsAt: endsAt,
            generatorURL: options.generatorURL)
    }
}

extension Dictionary where Key == String, Value == String {
    /// "k1=v1,k2=v2" in key order: a stable sort key for label sets.
    var sortedPairs: String { keys.sorted().map { "\($0)=\(self[$0] ?? "")" }.joined(separator: ",") }
}
