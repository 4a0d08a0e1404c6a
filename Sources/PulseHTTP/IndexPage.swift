import PulseCore

/// The small HTML page at `/`: what this is, which cluster, how the last sample went, and links.
struct IndexPage {
    var version: String
    var telemetryPath: String
    var clusterID: String?
    var brokerCount: Int?
    var up: Bool?
    var lastSuccessUnixSeconds: Double?
    var kafkaClientProperties = RedactedClientProperties([:])

    var html: String {
        let status = up.map { $0 ? "ok" : "failing (last good data is still served)" } ?? "no sample yet"
        let lastSuccess = lastSuccessUnixSeconds.map { "\(Int($0)) (unix time)" } ?? "never"
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>kafka-pulse</title></head>
            <body>
            <h1>kafka-pulse \(escape(version))</h1>
            <p>Prometheus exporter for Apache Kafka: lag, offsets and health, sampled in the background.</p>
            <ul>
            <li>Cluster: \(escape(clusterID ?? "unknown")), \(brokerCount.map(String.init) ?? "?") brokers</li>
            <li>Last sample: \(status)</li>
            <li>Last successful sample: \(lastSuccess)</li>
            <li>Kafka client properties: \(escape(kafkaClientProperties.entries.isEmpty ? "librdkafka defaults" : "\(kafkaClientProperties)"))</li>
            </ul>
            <p><a href="\(escape(telemetryPath))">Metrics</a> · <a href="/healthz">Health</a> · <a href="/readyz">Readiness</a></p>
            </body></html>

            """
    }

    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
