import Foundation
import PulseConfig
import Testing
@testable import kafka_pulse

@Suite("Config file through the real command line")
struct ConfigFileTests {
    @Test("the schema is read from argument-parser: kinds, inversions, hidden flags; help and version are not keys")
    func schemaFromArgumentParser() throws {
        let keys = try CommandSchema.root().keys
        #expect(keys["kafka.server"]?.kind == .repeatingOption)
        #expect(keys["sample.interval"]?.kind == .option)
        #expect(keys["demo"]?.kind == .flag(invertible: false))
        #expect(keys["group.partition-series"]?.kind == .flag(invertible: true))
        #expect(keys["kafka.mock-cluster"] != nil)
        #expect(keys["no-group.partition-series"] == nil)
        for excluded in ["help", "version", "config.file", "h"] { #expect(keys[excluded] == nil) }
        #expect(keys["worker.executable"]?.kind == .option)
        // The worker processes are a binary of their own (kafka-pulse-worker), not subcommands.
        let subcommands = try CommandSchema.subcommandNames()
        #expect(subcommands.contains("healthcheck"))
        #expect(subcommands.isDisjoint(with: ["worker", "demo-cluster", "sample"]), "\(subcommands)")
    }

    @Test("docs/reference-config.yaml is accepted and sets what it says")
    func referenceConfig() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/reference-config.yaml").path
        let command = try CommandLineHarness.parse(
            ["--config.file", path], environment: ["KAFKA_BOOTSTRAP": "kafka-1:9092,kafka-2:9092"])
        #expect(command.bootstrapServers == ["kafka-1:9092", "kafka-2:9092"])
        #expect(command.sampleIntervalFlag?.text == "15s")
        #expect(command.scopeOptions.groupPartitionSeries == true)
        #expect(command.scopeOptions.excludeInternalTopics == true)
        #expect(command.statusOptions.window == 10)
        #expect(command.metricsSelection.include.isEmpty && command.metricsSelection.exclude.isEmpty)
        #expect(command.security.kafkaProperties == ["socket.keepalive.enable=true", "client.id=kafka-pulse"])
    }

    @Test("flags > environment > file, per key; a repeatable flag replaces the file's list")
    func precedence() throws {
        let path = try CommandLineHarness.file(
            """
            kafka.server: [file-1:9092, file-2:9092]
            sample.interval: 30s
            rate.window: 2m
            group.partition-series: false
            status: {window: 20}
            """)
        let command = try CommandLineHarness.parse(
            ["--config.file", path, "--kafka.server", "flag:9092", "--group.partition-series"],
            environment: ["KAFKA_PULSE_SAMPLE_INTERVAL": "20s", "KAFKA_PULSE_STATUS_WINDOW": "7"])
        #expect(command.bootstrapServers == ["flag:9092"])
        #expect(command.sampleIntervalFlag?.text == "20s")
        #expect(command.scopeOptions.rateWindow.text == "2m")
        #expect(command.scopeOptions.groupPartitionSeries == true)
        #expect(command.statusOptions.window == 7)
    }

    @Test("the librdkafka: section becomes --kafka.property entries; secrets come from ${VAR} and KAFKA_PULSE_*")
    func librdkafkaSectionAndSecrets() throws {
        let path = try CommandLineHarness.file(
            """
            kafka.server: k:9092
            sasl: {enabled: true, mechanism: plain, username: pulse}
            librdkafka:
              socket.keepalive.enable: true
              client:
                rack: ${RACK}
            """)
        let command = try CommandLineHarness.parse(
            ["--config.file", path], environment: ["RACK": "eu-1a", "KAFKA_PULSE_SASL_PASSWORD": "from-env"])
        #expect(command.security.kafkaProperties == ["socket.keepalive.enable=true", "client.rack=eu-1a"])
        #expect(command.security.saslPassword == "from-env")
        #expect(command.security.saslUsername == "pulse")
    }

    @Test("KAFKA_PULSE_CONFIG_FILE names the file when --config.file is not given")
    func configFileFromEnvironment() throws {
        let path = try CommandLineHarness.file("kafka: {server: env-file:9092}\n")
        let command = try CommandLineHarness.parse([], environment: ["KAFKA_PULSE_CONFIG_FILE": path])
        #expect(command.bootstrapServers == ["env-file:9092"])
    }

    @Test("${VAR} in the file that is not set names the variable and the line")
    func undefinedVariable() throws {
        let path = try CommandLineHarness.file("demo: false\nkafka.server: ${KP_TEST_UNSET_SERVER}\n")
        let line = try #require(CommandLineHarness.failure(["--config.file", path]))
        #expect(line.contains("KP_TEST_UNSET_SERVER") && line.contains("line 2") && line.contains("kafka.server"), "\(line)")
    }
}
