/// One alerting rule as a Prometheus rule file writes it (strings, as read), before it is matched
/// against the rule the exporter knows by that name.
public struct RuleDefinition: Hashable, Sendable {
    public var alert: String
    public var expr: String
    public var holdFor: String?
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(alert: String, expr: String, holdFor: String?, labels: [String: String], annotations: [String: String]) {
        self.alert = alert
        self.expr = expr
        self.holdFor = holdFor
        self.labels = labels
        self.annotations = annotations
    }
}

/// A rule file the exporter cannot use; the message names the file and the alert.
public struct RuleFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case unreadable
        case malformed
        case unsupportedExpression
        case badDuration
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension AlertRule {
    /// This rule with the threshold, `for`, labels and runbook of `definition` (a rule of the same
    /// name from a rule file). The expression must keep the bundled shape; only its number or
    /// window may differ, since the exporter evaluates that shape, not arbitrary PromQL.
    public func tuned(by definition: RuleDefinition, file: String) throws(RuleFileError) -> AlertRule {
        guard let condition = condition.reading(definition.expr) else {
            throw RuleFileError(
                .unsupportedExpression,
                "\(file): alert \(name): expr must have the shape `\(condition.template)` ({} a number or window), got `\(definition.expr)`")
        }
        var holdFor = 0.0
        if let text = definition.holdFor {
            guard let seconds = PromDuration.parse(text) else {
                throw RuleFileError(.badDuration, "\(file): alert \(name): for: \(text) is not a duration like 5m")
            }
            holdFor = seconds
        }
        return AlertRule(
            name: name, condition: condition, holdFor: holdFor, labels: definition.labels,
            runbookURL: definition.annotations["runbook_url"])
    }

    /// The rules the definitions name (from rule files), each tuned by its definition, in the
    /// definitions' order: rule files say which alerts exist, as they do for Prometheus. Alerts the
    /// exporter cannot evaluate are returned apart (for a log line).
    public static func selected(
        from rules: [AlertRule], by definitions: [(file: String, rule: RuleDefinition)]
    ) throws(RuleFileError) -> (rules: [AlertRule], ignored: [String]) {
        var selected: [AlertRule] = []
        var ignored: [String] = []
        for (file, definition) in definitions {
            guard let known = rules.first(where: { $0.name == definition.alert }) else {
                ignored.append(definition.alert)
                continue
            }
            guard !selected.contains(where: { $0.name == known.name }) else {
                throw RuleFileError(.malformed, "\(file): alert \(known.name) is defined twice")
            }
            selected.append(try known.tuned(by: definition, file: file))
        }
        return (selected, ignored)
    }
}
