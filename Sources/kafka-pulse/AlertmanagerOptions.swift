import ArgumentParser
import Foundation
import Logging
import PulseAlerting
import PulseAlertmanager
import PulseCore
import PulseHTTP
import ServiceLifecycle

/// The opt-in alerting sidecar: evaluate the bundled alert rules in-process and push the alerts to
/// Alertmanager's v2 API. Off unless `--alertmanager.url` is given.
struct AlertmanagerOptions: ParsableArguments {
    @Option(
        name: .customLong("alertmanager.url"),
        help: "Alertmanager to send alerts to, e.g. http://alertmanager:9093 (repeatable: every one gets every alert). Turns alerting on.")
    var urls: [String] = []

    @Option(
        name: .customLong("alertmanager.rule-file"),
        help: "Prometheus rule file whose alerts to evaluate, with their thresholds, `for`, labels and runbook (repeatable). Default: the bundled alerts/*.yml rules.")
    var ruleFiles: [String] = []

    @Option(name: .customLong("alertmanager.resend-interval"), help: "How often firing alerts are re-sent (endsAt is 4 times this ahead).")
    var resendInterval = DurationFlag(argument: "1m")!

    @Option(name: .customLong("alertmanager.timeout"), help: "Timeout of one notification request.")
    var timeout = DurationFlag(argument: "10s")!

    @Option(
        name: .customLong("alertmanager.generator-url"),
        help: "URL of this exporter as users reach it, sent as each alert's generatorURL. Default: http://<hostname>:<listen port>/.")
    var generatorURL: String?

    @Option(
        name: .customLong("alertmanager.label"),
        help: "name=value label added to every alert (repeatable); defaults job=kafka-pulse and instance=<hostname>:<listen port>.")
    var labels: [String] = []

    @Option(name: .customLong("alertmanager.tls.ca-file"), help: "PEM file of the CA that signed the Alertmanagers' certificates.")
    var caFile: String?

    @Flag(name: .customLong("alertmanager.tls.insecure-skip-verify"), help: "Do not verify the Alertmanagers' certificates.")
    var insecureSkipVerify = false

    @Option(name: .customLong("alertmanager.basic-auth.username"), help: "User name for HTTP basic auth to the Alertmanagers.")
    var username: String?

    @Option(
        name: .customLong("alertmanager.basic-auth.password-file"),
        help: "File holding the basic-auth password (a trailing newline is ignored).")
    var passwordFile: String?

    func validate() throws {
        for url in urls where AlertmanagerTarget(url: url) == nil {
            throw ValidationError("--alertmanager.url \(url): expected http(s)://host[:port][/path], without credentials")
        }
        let needingURL: [(flag: String, given: Bool)] = [
            ("alertmanager.rule-file", !ruleFiles.isEmpty), ("alertmanager.tls.ca-file", caFile != nil),
            ("alertmanager.basic-auth.username", username != nil), ("alertmanager.basic-auth.password-file", passwordFile != nil),
        ]
        if urls.isEmpty, let orphan = needingURL.first(where: \.given) {
            throw ValidationError("--\(orphan.flag): needs --alertmanager.url (alerting is off without one)")
        }
        guard resendInterval.duration >= .seconds(1) else {
            throw ValidationError("--alertmanager.resend-interval \(resendInterval): must be at least 1s")
        }
        if let generatorURL, URL(string: generatorURL)?.scheme == nil {
            throw ValidationError("--alertmanager.generator-url \(generatorURL): expected an absolute URL")
        }
        _ = try externalLabels(port: 0)
        _ = try rules()
        _ = try basicAuth()
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ValidationError("--alertmanager.tls.ca-file \(caFile): cannot read the file")
        }
    }

    /// The sampler's hook and the evaluation and notifier services; empty when alerting is off.
    func makeAlerting(
        evaluationInterval: Duration, listenPort: Int, clusterName: String? = nil, shard: ShardAssignment = .whole, logger: Logger
    ) throws -> (hooks: [any SnapshotHook], services: [ServiceGroupConfiguration.ServiceConfiguration]) {
        guard !urls.isEmpty else { return ([], []) }
        let targets = urls.compactMap { AlertmanagerTarget(url: $0) }
        let sender: HTTPAlertSender
        do {
            sender = try HTTPAlertSender(
                options: .init(caFile: caFile, insecureSkipVerify: insecureSkipVerify, basicAuth: try basicAuth(), timeout: timeout.duration))
        } catch {
            throw StartupError("--alertmanager.tls.ca-file \(caFile ?? ""): \(error)")
        }
        let notifier = AlertNotifier(
            targets: targets, sender: sender, backoff: NotificationBackoff(cap: resendInterval.duration), clock: ContinuousClock(),
            logger: logger)
        let rules = try rules().evaluated(on: shard)
        let evaluator = AlertEvaluator(
            rules: rules,
            options: .init(
                resendInterval: resendInterval.duration.inSeconds, evaluationInterval: evaluationInterval.inSeconds,
                externalLabels: try externalLabels(port: listenPort, clusterName: clusterName),
                generatorURL: generatorURL ?? "http://\(ProcessInfo.processInfo.hostName):\(listenPort)/"))
        logger.info(
            "alerting on",
            metadata: [
                "pulse.alertmanagers": "\(targets.map(\.url).joined(separator: ","))",
                "pulse.rules": "\(rules.map(\.name).joined(separator: ","))",
            ])
        let evaluation = AlertEvaluation(evaluator: evaluator, sink: notifier)
        // The notifier before the evaluation: shutdown runs in reverse, so the evaluation stops first.
        return ([evaluation], [.init(service: notifier), .init(service: evaluation)])
    }

    /// The rules to evaluate: those of the rule files the exporter knows, else the bundled ones.
    private func rules() throws -> [AlertRule] {
        guard !ruleFiles.isEmpty else { return BundledAlertRules.all }
        do {
            let definitions = try ruleFiles.flatMap { path throws(RuleFileError) in try RuleFileLoader.load(path) }
            let selected = try AlertRule.selected(from: BundledAlertRules.all, by: definitions)
            guard !selected.rules.isEmpty else {
                throw ValidationError("--alertmanager.rule-file: no alert the exporter can evaluate in \(ruleFiles.joined(separator: ", "))")
            }
            return selected.rules
        } catch let error as RuleFileError {
            throw ValidationError("--alertmanager.rule-file \(error.message)")
        }
    }

    /// As Prometheus would label the alert: job and instance, the cluster's label when it is
    /// named (each cluster's rules run on their own), then `--alertmanager.label`.
    func externalLabels(port: Int, clusterName: String? = nil) throws -> [String: String] {
        var labels = ["job": "kafka-pulse", "instance": "\(ProcessInfo.processInfo.hostName):\(port)"]
        if let clusterName { labels["cluster"] = clusterName }
        for pair in self.labels {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let first = parts[0].first, first.isLetter || first == "_",
                parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { throw ValidationError("--alertmanager.label \(pair): expected name=value with a Prometheus label name") }
            labels[parts[0]] = parts[1]
        }
        return labels
    }

    private func basicAuth() throws -> (username: String, password: String)? {
        switch (username, passwordFile) {
        case (nil, nil):
            return nil
        case (let username?, let passwordFile?):
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw ValidationError("--alertmanager.basic-auth.password-file \(passwordFile): cannot read the file")
            }
            let password = text.hasSuffix("\r\n") ? String(text.dropLast(2)) : text.hasSuffix("\n") ? String(text.dropLast()) : text
            return (username, password)
        default:
            throw ValidationError("--alertmanager.basic-auth.username and --alertmanager.basic-auth.password-file go together")
        }
    }
}
