import Foundation
import PulseConfig
import PulseExposition
import Testing
@testable import kafka_pulse

/// Issue 18: several clusters from one config file, each entry over the file's top level.
@Suite("clusters: in the config file")
struct ClustersConfigTests {
    static let twoClusters = """
        sample.interval: 30s
        topic.exclude-internal: true
        web.listen-address: ":9400"
        clusters:
          - name: orders-eu
            kafka.server: eu-1:9092,eu-2:9092
            group.filter: "billing-.*"
          - name: payments
            kafka.server: [pay-1:9092]
            sample.interval: 5s
            librdkafka: {client.id: pay}
        """

    @Test("each entry is a cluster: its own servers and overrides, the top level for the rest, its name as cluster.name")
    func entriesOverTopLevel() throws {
        let path = try CommandLineHarness.file(Self.twoClusters)
        let clusters = try CommandLineHarness.clusters(["--config.file", path])
        #expect(clusters.map(\.name) == ["orders-eu", "payments"])
        let (eu, payments) = (clusters[0].command, clusters[1].command)
        #expect(eu.clusterName == "orders-eu" && payments.clusterName == "payments")
        #expect(eu.bootstrapServers == ["eu-1:9092", "eu-2:9092"])
        #expect(payments.bootstrapServers == ["pay-1:9092"])
        #expect(eu.sampleIntervalFlag?.text == "30s")
        #expect(payments.sampleIntervalFlag?.text == "5s")
        #expect(eu.scopeOptions.excludeInternalTopics && payments.scopeOptions.excludeInternalTopics)
        #expect(eu.security.kafkaProperties.isEmpty && eu.scopeOptions.groupFilter == "billing-.*" && payments.scopeOptions.groupFilter == nil)
        #expect(payments.security.kafkaProperties == ["client.id=pay"])
        #expect(eu.listenAddress == ":9400" && payments.listenAddress == ":9400")
        // The root command (HTTP, logging) has no cluster of its own.
        let root = try CommandLineHarness.parse(["--config.file", path])
        #expect(root.clusterName == nil && root.bootstrapServers.isEmpty)
    }

    @Test("the README's clusters: example loads as it says")
    func readmeExample() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "## Several clusters"))
        let start = try #require(text.range(of: "```yaml\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let clusters = try CommandLineHarness.clusters(
            ["--config.file", try CommandLineHarness.file(String(text[start.upperBound..<end.lowerBound]))], environment: ["PAY_PASSWORD": "s3cret"])
        #expect(clusters.map(\.name) == ["orders-eu", "payments"])
        #expect(clusters.map { $0.command.sampleIntervalFlag?.text } == ["15s", "5s"])
        #expect(clusters[1].command.bootstrapServers == ["pay-1:9093"])
    }

    @Test("a flag on the command line applies to every cluster that does not set the key itself")
    func commandLineAppliesToAll() throws {
        let path = try CommandLineHarness.file(Self.twoClusters)
        let clusters = try CommandLineHarness.clusters(["--config.file", path, "--topic.filter", "orders.*"])
        #expect(clusters.allSatisfy { $0.command.scopeOptions.topicFilter == "orders.*" })
    }

    @Test(
        "a bad clusters: list is refused in one line that says where",
        arguments: [
            ("clusters: prod", "line 1: clusters: expected a list of clusters"),
            ("clusters: []", "line 1: clusters: expected a list of clusters"),
            ("clusters:\n  - kafka.server: a:9092", "line 2: clusters: every cluster needs a name"),
            ("clusters:\n  - name: a b\n    kafka.server: a:9092", "line 2: clusters.name: 'a b': a cluster name has only letters, digits"),
            ("clusters:\n  - name: a\n    kafka.server: a:9092\n  - name: a\n    kafka.server: b:9092", "line 4: clusters.name: cluster 'a' is already defined on line 2"),
            ("clusters:\n  - name: a", "line 2: clusters: cluster 'a' needs its kafka.server"),
            ("clusters:\n  - name: a\n    kafka.server: a:9092\n    web.listen-address: :1", "line 4: web.listen-address: applies to the whole exporter, not one cluster"),
            ("clusters:\n  - name: a\n    kafka.server: a:9092\n    clusters: []", "line 4: clusters: unknown key"),
            ("clusters:\n  - name: a\n    kafka.server: a:9092\n    sample.interval: 1ms", "cluster a: --sample.interval 1ms: must be between 100ms and 24h"),
        ])
    func badListsRefused(yaml: String, expected: String) throws {
        let path = try CommandLineHarness.file(yaml)
        let failure = try #require(CommandLineHarness.failure(["--config.file", path]))
        #expect(failure.contains(expected), "\(failure)")
    }

    @Test("a top-level kafka.server, --demo or --cluster.name beside clusters: is refused, as is a key set twice")
    func conflictsRefused() throws {
        let path = try CommandLineHarness.file("clusters:\n  - name: a\n    kafka.server: a:9092\n")
        let server = try #require(CommandLineHarness.failure(["--config.file", path, "--kafka.server", "b:9092"]))
        #expect(server.contains("kafka.server (from the command line) cannot be given beside the config file's clusters: list"), "\(server)")
        let environment = try #require(CommandLineHarness.failure(["--config.file", path], environment: ["KAFKA_PULSE_DEMO": "true"]))
        #expect(environment.contains("demo (from environment variable KAFKA_PULSE_DEMO)"), "\(environment)")
        #expect(CommandLineHarness.failure(["--config.file", path, "--cluster.name", "x"])?.contains("cluster.name") == true)
        let demoOff = try CommandLineHarness.file("demo: false\nclusters:\n  - name: a\n    kafka.server: a:9092\n")
        #expect(CommandLineHarness.failure(["--config.file", demoOff]) == nil)
        let twice = try CommandLineHarness.file("clusters:\n  - name: a\n    kafka.server: a:9092\n    sample.interval: 5s\n")
        let both = try #require(CommandLineHarness.failure(["--config.file", twice, "--sample.interval", "10s"]))
        #expect(both.contains("--sample.interval is given on the command line and by cluster 'a'"), "\(both)")
    }

    @Test("--cluster.name labels a single cluster; a bad name or a second cluster label is refused")
    func singleClusterName() throws {
        let command = try CommandLineHarness.parse(["--kafka.server", "k:9092", "--cluster.name", "prod-eu"])
        #expect(command.clusterName == "prod-eu")
        #expect(try command.kafkaExporter.constantLabels(cluster: command.clusterName).pairs.map(\.name) == ["cluster"])
        #expect(CommandLineHarness.failure(["--kafka.server", "k:9092", "--cluster.name", "prod/eu"])?.contains("only letters") == true)
        let labelled = try CommandLineHarness.parse(["--kafka.server", "k:9092", "--cluster.name", "a", "--kafka.labels", "cluster=b"])
        #expect(throws: (any Error).self) { try labelled.kafkaExporter.constantLabels(cluster: labelled.clusterName) }
    }

    @Test("in-process alerting labels each cluster's alerts with its cluster; an unnamed cluster's alerts have no cluster label")
    func alertsCarryTheCluster() throws {
        let path = try CommandLineHarness.file(
            "alertmanager.url: http://alertmanager:9093\nclusters:\n  - name: orders-eu\n    kafka.server: a:9092\n  - name: payments\n    kafka.server: b:9092\n")
        let clusters = try CommandLineHarness.clusters(["--config.file", path])
        let labels = try clusters.map { try $0.command.alertmanagerOptions.externalLabels(port: 9308, clusterName: $0.command.clusterName) }
        #expect(labels.map { $0["cluster"] } == ["orders-eu", "payments"])
        #expect(labels.allSatisfy { $0["job"] == "kafka-pulse" })
        let single = try CommandLineHarness.parse(["--kafka.server", "k:9092", "--alertmanager.url", "http://alertmanager:9093"])
        #expect(try single.alertmanagerOptions.externalLabels(port: 9308, clusterName: single.clusterName)["cluster"] == nil)
    }
}
