import Foundation
import PulseHTTP

/// What a newcomer reads when the demo starts: where to look, and what will happen when. Plain
/// text on stderr, beside the log lines, only in demo mode.
struct DemoBanner {
    var scheme: String
    var address: ListenAddress
    var telemetryPath: String
    /// The demo cluster's own account of its script (`DemoClusterProcess.guide`).
    var guide: [String]

    var text: String {
        // A wildcard listen address is not something to paste into a browser.
        let host =
            ["0.0.0.0", "::"].contains(address.host) ? "localhost" : address.host.contains(":") ? "[\(address.host)]" : address.host
        var lines = [
            "",
            "kafka-pulse demo: librdkafka's mock cluster (3 brokers) running an event-driven shop.",
            "  metrics:    \(scheme)://\(host):\(address.port)\(telemetryPath)   (index page: \(scheme)://\(host):\(address.port)/)",
            "  dashboards: dashboards/*.json (Grafana; import them with a Prometheus scraping this address)",
            "  alerts:     alerts/*.yml (Prometheus rules; runbook in docs/runbook.md)",
            "  what happens, counted from now:",
        ]
        lines += guide.map { "    - \($0)" }
        lines += ["  Ctrl-C stops the exporter, its worker and the demo cluster.", ""]
        return lines.joined(separator: "\n")
    }

    func print() {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
