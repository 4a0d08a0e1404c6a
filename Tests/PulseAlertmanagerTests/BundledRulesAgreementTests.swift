import Foundation
import PulseAlerting
import PulseAlertmanager
import Testing

/// The exporter's own rule definitions and alerts/*.yml must say the same: same expression (with
/// the same threshold or window), same `for`, same labels, same runbook. Either side changed alone
/// fails here.
@Suite("Bundled rules agree with alerts/*.yml")
struct BundledRulesAgreementTests {
    /// Alerts of the rule files the exporter deliberately does not evaluate (see BundledAlertRules).
    static let notEvaluated: Set<String> = [
        "KafkaConsumerGroupLagGrowing", "KafkaPulseDown", "KafkaPulseStale", "KafkaPulseSamplesFailing", "KafkaPulseWorkerFailing",
        "KafkaPulseShardsUncovered",
    ]

    static var ruleFiles: [String] {
        let alerts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("alerts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: alerts.path)) ?? []
        return names.filter { $0.hasSuffix(".alerts.yml") }.sorted().map { alerts.appendingPathComponent($0).path }
    }

    @Test("every bundled rule is in the rule files with the same expression, for, labels and runbook")
    func bundledMatchesFiles() throws {
        #expect(Self.ruleFiles.count >= 2)
        let definitions = try Self.ruleFiles.flatMap { try RuleFileLoader.load($0) }
        let fromFiles = try AlertRule.selected(from: BundledAlertRules.all, by: definitions)
        for bundled in BundledAlertRules.all {
            let read = fromFiles.rules.first { $0.name == bundled.name }
            #expect(read == bundled, "\(bundled.name): the Swift definition differs from alerts/")
            let expr = definitions.first { $0.rule.alert == bundled.name }?.rule.expr
            #expect(expr.map(Self.normalized) == bundled.condition.expression, "\(bundled.name): expr")
        }
        #expect(Set(fromFiles.ignored) == Self.notEvaluated, "a rule file alert is neither evaluated nor listed as not evaluated")
    }

    @Test("a tuned rule file changes threshold and `for`, and selects only the rules it names")
    func tunedFile() throws {
        let text = """
            groups:
              - name: tuned
                rules:
                  - alert: KafkaConsumerGroupStalled
                    expr: kafka_consumergroup_status{status="stall"} == 1
                    for: 5s
                    labels: {severity: page, team: payments}
                    annotations: {runbook_url: "https://wiki/stall"}
                  - alert: KafkaConsumerGroupLagSecondsHigh
                    expr: kafka_consumergroup_max_lag_seconds > 30
                  - record: x
                    expr: vector(1)
            """
        let definitions = try RuleFileLoader.parse(text, file: "tuned.yml")
        let selected = try AlertRule.selected(from: BundledAlertRules.all, by: definitions)
        #expect(selected.rules.map(\.name) == ["KafkaConsumerGroupStalled", "KafkaConsumerGroupLagSecondsHigh"])
        #expect(selected.rules[0].holdFor == 5)
        #expect(selected.rules[0].labels == ["severity": "page", "team": "payments"])
        #expect(selected.rules[0].runbookURL == "https://wiki/stall")
        #expect(selected.rules[1].condition.parameter == 30)
        #expect(selected.rules[1].holdFor == 0)
    }

    @Test("an expression the exporter cannot evaluate is refused with the file and alert named")
    func refusedExpression() throws {
        let text = """
            groups:
              - name: g
                rules:
                  - alert: KafkaConsumerGroupLagHigh
                    expr: sum(kafka_consumergroup_lag_sum) > 10
            """
        let definitions = try RuleFileLoader.parse(text, file: "mine.yml")
        #expect {
            try AlertRule.selected(from: BundledAlertRules.all, by: definitions)
        } throws: { error in
            (error as? RuleFileError)?.message.hasPrefix("mine.yml: alert KafkaConsumerGroupLagHigh: expr must have the shape") == true
        }
    }

    @Test("a file that is not a rule file is refused")
    func notARuleFile() {
        #expect(throws: RuleFileError.self) { try RuleFileLoader.parse("just: text", file: "x.yml") }
    }

    static func normalized(_ expr: String) -> String {
        expr.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }
}
