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
}
