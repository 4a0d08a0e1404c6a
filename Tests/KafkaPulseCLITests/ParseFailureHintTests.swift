import Testing

@testable import kafka_pulse

/// Issue 21: an error that has an obvious fix says it: a duration without its unit, a bootstrap
/// server without `--kafka.server`. Everything else keeps argument-parser's line.
@Suite("Parse errors suggest the fix")
struct ParseFailureHintTests {
    @Test(
        "a whole number for a duration flag asks for a unit",
        arguments: [
            (["--sample.interval", "10"], "--sample.interval 10: a duration needs a unit, e.g. 10s"),
            (["--sample.interval=10"], "--sample.interval 10: a duration needs a unit, e.g. 10s"),
            (["--kafka.server", "k:9092", "--web.idle-timeout", "30"], "--web.idle-timeout 30: a duration needs a unit, e.g. 30s"),
            // With a unit the value would still be out of range: the missing unit is the first thing to fix.
            (["--sample.interval", "99999"], "--sample.interval 99999: a duration needs a unit, e.g. 99999s"),
        ])
    func durationWithoutUnit(arguments: [String], expected: String) throws {
        let line = try #require(CommandLineHarness.failure(arguments))
        #expect(line.hasPrefix(expected), "\(line)")
    }

    @Test("the unit hint names the variable a bare number came from")
    func durationWithoutUnitFromTheEnvironment() throws {
        let line = try #require(CommandLineHarness.failure([], environment: ["KAFKA_PULSE_SAMPLE_INTERVAL": "10"]))
        #expect(line.contains("a duration needs a unit, e.g. 10s"), "\(line)")
        #expect(line.contains("KAFKA_PULSE_SAMPLE_INTERVAL"), "\(line)")
    }

    @Test("the unit hint names the config file line a bare number came from")
    func durationWithoutUnitFromAFile() throws {
        let path = try CommandLineHarness.file("kafka.server: k:9092\nsample.interval: 10\n")
        let line = try #require(CommandLineHarness.failure(["--config.file", path]))
        #expect(line.contains("a duration needs a unit, e.g. 10s"), "\(line)")
        #expect(line.contains("line 2"), "\(line)")
    }

    @Test(
        "a number where no duration is expected gets no unit hint",
        arguments: [["--log.level", "10"], ["--kafka.group-offsets-concurrency", "99999999999999999999"], ["--sample.interval", "0"]])
    func noUnitHintForOtherFlags(arguments: [String]) throws {
        let line = try #require(CommandLineHarness.failure(arguments))
        #expect(!line.contains("needs a unit"), "\(line)")
    }

    @Test(
        "a bare host:port suggests --kafka.server",
        arguments: ["127.0.0.1:9092", "broker-1:9092,broker-2:9092", "[::1]:9092"])
    func serverWithoutFlag(server: String) throws {
        let line = try #require(CommandLineHarness.failure([server]))
        #expect(line == "unexpected argument \(server): to sample the Kafka cluster there, use --kafka.server \(server)")
    }

    @Test("a bare word that is no server keeps argument-parser's message")
    func otherPositionalUnchanged() throws {
        let line = try #require(CommandLineHarness.failure(["--kafka.server", "k:9092", "extra"]))
        #expect(line.contains("Unexpected argument 'extra'"), "\(line)")
        #expect(!line.contains("--kafka.server extra"))
    }
}
