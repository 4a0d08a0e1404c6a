import PulseCore
import PulseExposition

/// The small HTML page at `/`: what this is, which clusters, how their last samples went, and links.
struct IndexPage {
    var version: String
    var telemetryPath: String
    var clusters: [ClusterSection]
    /// Wall-clock unix time the page is rendered at, for the age of the last success.
    var now: Double

    /// One cluster's lines on the page.
    struct ClusterSection {
        /// nil for an unnamed single cluster.
        var name: String?
        var clusterID: String?
        var brokerCount: Int?
        var up: Bool?
        /// Whether the last sample read the cluster (complete or partial).
        var lastSampleHadData = false
        var lastSuccessUnixSeconds: Double?
        var kafkaClientProperties = RedactedClientProperties([:])

        init(
            name: String? = nil, clusterID: String?, brokerCount: Int?, up: Bool?, lastSampleHadData: Bool = false,
            lastSuccessUnixSeconds: Double?, kafkaClientProperties: RedactedClientProperties = RedactedClientProperties([:])
        ) {
            self.name = name
            self.clusterID = clusterID
            self.brokerCount = brokerCount
            self.up = up
            self.lastSampleHadData = lastSampleHadData
            self.lastSuccessUnixSeconds = lastSuccessUnixSeconds
            self.kafkaClientProperties = kafkaClientProperties
        }

        init(_ clusterPage: ClusterPage) {
            let page = clusterPage.page
            self.init(
                name: clusterPage.cluster.name, clusterID: page?.clusterID, brokerCount: page?.brokerCount, up: page?.up,
                lastSampleHadData: page?.lastSampleHadData ?? false, lastSuccessUnixSeconds: page?.lastSuccessUnixSeconds,
                kafkaClientProperties: clusterPage.cluster.kafkaClientProperties)
        }

        /// How the last sample went, claiming no more data than /metrics holds.
        func status(now: Double) -> String {
            guard let up else { return "no sample yet" }
            if up { return "ok" }
            if lastSampleHadData { return "incomplete: the cluster was read but some phases failed (kafka_pulse_sample_success says which)" }
            guard let lastSuccessUnixSeconds else {
                return "failing: no sample has read the cluster yet, so /metrics has only the exporter's own series"
            }
            return "failing: /metrics still serves the last good sample's data, from \(ReadableTime.moment(lastSuccessUnixSeconds, now: now))"
        }

        func html(now: Double) -> String {
            let lastSuccess = lastSuccessUnixSeconds.map { ReadableTime.moment($0, now: now) } ?? "never"
            let heading = name.map { "<h2>Cluster \(escape($0))</h2>\n" } ?? ""
            // Names are letters, digits, `.`, `_` and `-` (checked at start): safe in a query string.
            let readiness = name.map { "<li><a href=\"/readyz?cluster=\(escape($0))\">Readiness of this cluster</a></li>\n" } ?? ""
            return """
                \(heading)<ul>
                <li>Cluster: \(escape(clusterID ?? "unknown")), \(brokerCount.map(String.init) ?? "?") brokers</li>
                <li>Last sample: \(escape(status(now: now)))</li>
                <li>Last successful sample: \(lastSuccess)</li>
                <li>Kafka client properties: \(escape(kafkaClientProperties.entries.isEmpty ? "librdkafka defaults" : "\(kafkaClientProperties)"))</li>
                \(readiness)</ul>

                """
        }
    }

    var html: String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>kafka-pulse</title></head>
        <body>
        <h1>kafka-pulse \(escape(version))</h1>
        <p>Prometheus exporter for Apache Kafka: lag, offsets and health, sampled in the background.</p>
        \(clusters.map { $0.html(now: now) }.joined())<p><a href="\(escape(telemetryPath))">Metrics</a> · <a href="/healthz">Health</a> · <a href="/readyz">Readiness</a></p>
        </body></html>

        """
    }
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
