import Foundation
import PulseExposition
import Testing
@testable import kafka_pulse

/// `--metrics.include` / `--metrics.exclude` from the command line, a config file and the environment.
@Suite("Metric family selection flags")
struct MetricsSelectionFlagTests {
    @Test("both flags are repeatable and keep commas inside a regex")
    func repeatable() throws {
        let command = try CommandLineHarness.parse([
            "--kafka.server", "k:9092", "--metrics.include", "kafka_consumergroup_.*", "--metrics.include", "kafka_topic_.{1,40}",
            "--metrics.exclude", "kafka_consumergroup_lag_seconds",
        ])
        #expect(command.metricsSelection.include == ["kafka_consumergroup_.*", "kafka_topic_.{1,40}"])
        #expect(command.metricsSelection.exclude == ["kafka_consumergroup_lag_seconds"])
        let names = try command.metricsSelection.selection().names
        #expect(names.contains("kafka_consumergroup_lag"))
        #expect(names.contains("kafka_topic_partitions"))
        #expect(!names.contains("kafka_consumergroup_lag_seconds"))
        #expect(!names.contains("kafka_brokers"))
        #expect(names.contains("kafka_pulse_up"))
    }

    @Test("without either flag every family is exported")
    func defaultIsEverything() throws {
        let command = try CommandLineHarness.parse(["--kafka.server", "k:9092"])
        #expect(try command.metricsSelection.selection().names.count == FamilySelection.knownNames.count)
    }

    @Test("the config file keys metrics.include and metrics.exclude take lists, flat or nested")
    func configFile() throws {
        let path = try CommandLineHarness.file(
            """
            kafka.server: k:9092
            metrics:
              include: ['kafka_consumergroup_.*', kafka_brokers]
            metrics.exclude: kafka_consumergroup_partition_status
            """)
        let command = try CommandLineHarness.parse(["--config.file", path])
        #expect(command.metricsSelection.include == ["kafka_consumergroup_.*", "kafka_brokers"])
        #expect(command.metricsSelection.exclude == ["kafka_consumergroup_partition_status"])
    }

    @Test("KAFKA_PULSE_METRICS_INCLUDE takes one regex per line")
    func environment() throws {
        let command = try CommandLineHarness.parse(
            ["--kafka.server", "k:9092"],
            environment: ["KAFKA_PULSE_METRICS_INCLUDE": "kafka_brokers\nkafka_topic_.{1,3}", "KAFKA_PULSE_METRICS_EXCLUDE": "kafka_pulse_.*"])
        #expect(command.metricsSelection.include == ["kafka_brokers", "kafka_topic_.{1,3}"])
        #expect(command.metricsSelection.exclude == ["kafka_pulse_.*"])
    }

    @Test("an invalid regex stops the start with one line naming the flag, the regex and the error")
    func invalidRegex() throws {
        let line = try #require(CommandLineHarness.failure(["--kafka.server", "k:9092", "--metrics.include", "kafka_(topic"]))
        #expect(line.contains("--metrics.include kafka_(topic: not a valid regular expression"), "\(line)")
        #expect(!line.contains("\n"))
        let path = try CommandLineHarness.file("kafka.server: k:9092\nmetrics.exclude: ['[a-']\n")
        let fromFile = try #require(CommandLineHarness.failure(["--config.file", path]))
        #expect(fromFile.contains("--metrics.exclude [a-: not a valid regular expression") && fromFile.contains("config file"), "\(fromFile)")
    }

    @Test("a regex that matches no family is accepted (a warning at start, not a failure)")
    func unmatchedIsNoFailure() throws {
        #expect(CommandLineHarness.failure(["--kafka.server", "k:9092", "--metrics.include", "kafka_lagg"]) == nil)
        let command = try CommandLineHarness.parse(["--kafka.server", "k:9092", "--metrics.include", "kafka_lagg"])
        #expect(try command.metricsSelection.selection().warnings == ["--metrics.include kafka_lagg: matches no metric family (see docs/metrics.md)"])
    }
}
