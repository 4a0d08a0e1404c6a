import Foundation
import PulseConfig
import Testing
@testable import kafka_pulse

/// Hostile values for every key, through the whole start-up path (file -> tokens -> argument-parser
/// -> each flag's validation): accepted, or one line naming the key; never a trap (e.g. a duration that
/// overflows, a number out of Int range). PulseConfigTests fuzzes the YAML structure; this fuzzes values.
@Suite("Config values: fuzz through the real flags")
struct ConfigValueFuzzTests {
    static let values = [
        "0", "-1", "1", "256", "257", "99999999999999999999", "-99999999999999999999", "1.5", "1e3", "0x10", "''", "'  '",
        "10s", "0s", "1ms", "99ms", "100ms", "24h", "25h", "1m30s", "/bin/true", "1h1h1h", "999999999h999999999h999999999h999999999h", "5 s", "s",
        "'('", "'['", "'*'", "'(?<x'", "'.*'", "'^a$'", ":9308", "':99999'", "'[::1]:9092'", "a:0", "a:65535", "a:65536", "'a:1,,b:2'",
        "/metrics", "/", "/healthz", "/bin/sh", "metrics", "debug", "verbose", "json", "xml", "stable", "asleep", "'stable,dead'",
        "true", "false", "yes", "maybe", "~", "'${KP_FUZZ_UNSET}'", "'é🙂'", "'\\u0000'", "[a, b]", "[]", "{a: b}",
    ]

    @Test("120 hostile value sets: accepted or one line naming the key")
    func fuzz() throws {
        let keys = try CommandSchema.root().keys.values.map(\.name).sorted()
        var accepted = 0
        for case_ in 0..<120 {
            var yaml = "kafka.server: 'k:9092'\n"
            var chosen: [String] = []
            // Strides coprime to the table sizes walk every key with many values, reproducibly.
            for slot in 0..<(1 + case_ % 3) {
                let key = keys[(case_ * 7 + slot * 3) % keys.count]
                guard key != "kafka.server", !chosen.contains(key) else { continue }
                chosen.append(key)
                yaml += "\(key): \(Self.values[(case_ * 11 + slot * 5) % Self.values.count])\n"
            }
            let path = try CommandLineHarness.file(yaml)
            guard let line = CommandLineHarness.failure(["--config.file", path]) else {
                accepted += 1
                continue
            }
            #expect(!line.contains("\n"), "case \(case_): \(line)")
            #expect(chosen.contains { line.contains($0) } || line.contains("line "), "case \(case_): \(line)\n\(yaml)")
        }
        #expect(accepted > 5 && accepted < 115, "\(accepted) of 120 accepted: the values must hit both outcomes")
    }
}
