import PulseCore

/// The small HTML page at `/`: what this is, which cluster, how the last sample went, and links.
struct IndexPage {
    var version: String
    var telemetryPath: String
    var clusterID: String?
    var brokerCount: Int?
    var up: Bool?
    /// Whether the last sample read the cluster (complete or partial).
    var lastSampleHadData = false
    var lastSuccessUnixSeconds: Double?
    var kafkaClientProperties = RedactedClientProperties([:])
    /// Wall-clock unix time the page is rendered at, for the age of the last success.
    var now: Double

    /// How the last sample went, claiming no more data than /metrics holds.
    var status: String {
        guard let up else { return "no sample yet" }
        if up { return "ok" }
        if lastSampleHadData { return "incomplete: the cluster was read but some phases failed (kafka_pulse_sample_success says which)" }
        guard let lastSuccessUnixSeconds else {
            return "failing: no sample has read the cluster yet, so /metrics has only the exporter's own series"
        }
        return "failing: /metrics still serves the last good sample's data, from \(ReadableTime.moment(lastSuccessUnixSeconds, now: now))"
    }

    var html: String {
        let lastSuccess = lastSuccessUnixSeconds.map { ReadableTime.moment($0, now: now) } ?? "never"
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>kafka-pulse</title></head>
            <body>
            <h1>kafka-pulse \(escape(version))</h1>
            <p>Prometheus exporter for Apache Kafka: lag, offsets and health, sampled in the background.</p>
            <ul>
            <li>Cluster: \(escape(clusterID ?? "unknown")), \(brokerCount.map(String.init) ?? "?") brokers</li>
            <li>Last sample: \(escape(status))</li>
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
