import Hummingbird
import HummingbirdTesting
import NIOCore
import PulseCore
import PulseExposition
import PulseHTTP
import Testing

/// The Kafka client properties on `/`: what an operator debugs a connection with, minus secrets.
@Suite("Index page: Kafka client properties")
struct IndexPageClientPropertiesTests {
    @Test("/ lists the client properties with secrets masked and values HTML-escaped")
    func propertiesMaskedAndEscaped() async throws {
        let properties = RedactedClientProperties(
            [
                "security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512", "sasl.password": "hunter2-inline",
                "client.rack": "<script>",
            ], secretFiles: ["ssl.key.password": "/run/secrets/key-password"])
        let routes = MetricsRoutes(
            source: FixedSource(page: nil, cluster: ScrapeCluster(kafkaClientProperties: properties)),
            options: .init(telemetryPath: "/metrics", staleAfter: .seconds(30), version: "t"))
        try await Application(router: routes.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("hunter2-inline"))
                #expect(html.contains("security.protocol=SASL_SSL"))
                #expect(html.contains("sasl.password=[redacted]"))
                #expect(html.contains("ssl.key.password=[redacted] (from file /run/secrets/key-password)"))
                #expect(html.contains("client.rack=&lt;script&gt;"))
            }
        }
    }
}
