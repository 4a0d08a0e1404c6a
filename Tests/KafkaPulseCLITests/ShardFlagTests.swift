import PulseCore
import Testing
@testable import kafka_pulse

/// `--shard.*` from the command line, a config file and the environment.
@Suite("Shard flags")
struct ShardFlagTests {
    @Test("without the flags one process exports everything")
    func unshardedByDefault() throws {
        let command = try CommandLineHarness.parse(["--kafka.server", "k:9092"])
        #expect(try command.shardOptions.assignment() == .whole)
    }

    @Test("--shard.total and --shard.index on the command line")
    func commandLine() throws {
        let command = try CommandLineHarness.parse(["--kafka.server", "k:9092", "--shard.total", "3", "--shard.index", "2"])
        #expect(try command.shardOptions.assignment() == ShardAssignment(total: 3, index: 2))
    }

    @Test("the config file's shard keys, flat or nested")
    func configFile() throws {
        let path = try CommandLineHarness.file(
            """
            kafka.server: k:9092
            shard:
              total: 4
              index: 3
            """)
        let command = try CommandLineHarness.parse(["--config.file", path])
        #expect(try command.shardOptions.assignment() == ShardAssignment(total: 4, index: 3))
    }

    @Test("KAFKA_PULSE_SHARD_TOTAL and KAFKA_PULSE_SHARD_INDEX")
    func environment() throws {
        let command = try CommandLineHarness.parse(
            ["--kafka.server", "k:9092"], environment: ["KAFKA_PULSE_SHARD_TOTAL": "2", "KAFKA_PULSE_SHARD_INDEX": "1"])
        #expect(try command.shardOptions.assignment() == ShardAssignment(total: 2, index: 1))
    }

    @Test("--shard.group and --shard.session-timeout; the session timeout defaults to 10s")
    func groupMode() throws {
        let command = try CommandLineHarness.parse(["--kafka.server", "k:9092", "--shard.group", "pulse", "--shard.session-timeout", "6s"])
        #expect(try command.shardOptions.shardGroup() == ShardGroup(name: "pulse", sessionTimeout: .seconds(6)))
        #expect(try command.shardOptions.assignment() == .whole)
        let defaults = try CommandLineHarness.parse(["--kafka.server", "k:9092", "--shard.group", "pulse"])
        #expect(try defaults.shardOptions.shardGroup()?.sessionTimeout == .seconds(10))
        #expect(try CommandLineHarness.parse(["--kafka.server", "k:9092"]).shardOptions.shardGroup() == nil)
    }

    @Test("the config file's shard.group and KAFKA_PULSE_SHARD_GROUP")
    func groupModeFromFileAndEnvironment() throws {
        let path = try CommandLineHarness.file(
            """
            kafka.server: k:9092
            shard:
              group: pulse-file
              session-timeout: 20s
            """)
        let fromFile = try CommandLineHarness.parse(["--config.file", path])
        #expect(try fromFile.shardOptions.shardGroup() == ShardGroup(name: "pulse-file", sessionTimeout: .seconds(20)))
        let fromEnvironment = try CommandLineHarness.parse(
            ["--kafka.server", "k:9092"], environment: ["KAFKA_PULSE_SHARD_GROUP": "pulse-env"])
        #expect(try fromEnvironment.shardOptions.shardGroup()?.name == "pulse-env")
    }
}
