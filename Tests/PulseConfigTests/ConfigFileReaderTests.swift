import PulseConfig
import Testing

@Suite("Config file: keys, nesting, types")
struct ConfigFileReaderTests {
    @Test("flat keys become --name=value tokens, flags become --name / --no-name")
    func flatKeys() throws {
        let tokens = try TestSchema.tokens(
            """
            kafka.server: [a:9092, b:9092]
            sample.interval: 30s
            group.partition-series: false
            demo: true
            """)
        #expect(
            tokens == [
                "--demo", "--no-group.partition-series", "--kafka.server=a:9092", "--kafka.server=b:9092", "--sample.interval=30s",
            ])
    }

    @Test("nested keys are the same keys as flat ones")
    func nestedKeys() throws {
        let nested = try TestSchema.tokens(
            """
            kafka:
              server: a:9092
              request-timeout: 3s
            sample: {interval: 30s}
            """)
        let flat = try TestSchema.tokens("kafka.server: a:9092\nkafka.request-timeout: 3s\nsample.interval: 30s\n")
        #expect(nested == flat)
        #expect(nested.contains("--kafka.request-timeout=3s"))
    }

    @Test("a false flag without --no-x needs no token; an empty file sets nothing")
    func falseFlagAndEmptyFile() throws {
        #expect(try TestSchema.tokens("demo: false") == [])
        #expect(try TestSchema.tokens("") == [])
        #expect(try TestSchema.tokens("# only a comment\n") == [])
    }

    @Test("a value starting with - stays a value")
    func dashValue() throws {
        #expect(try TestSchema.tokens("group.filter: '-x'") == ["--group.filter=-x"])
    }

    @Test("librdkafka: section becomes repeated kafka.property key=value, nested names joined with dots")
    func librdkafkaSection() throws {
        let tokens = try TestSchema.tokens(
            """
            librdkafka:
              security.protocol: SASL_SSL
              ssl:
                ca.location: /ca.pem
              enable.ssl.certificate.verification: false
            kafka.property: [socket.keepalive.enable=true]
            """)
        #expect(
            tokens == [
                "--kafka.property=security.protocol=SASL_SSL", "--kafka.property=ssl.ca.location=/ca.pem",
                "--kafka.property=enable.ssl.certificate.verification=false",
                "--kafka.property=socket.keepalive.enable=true",
            ])
    }

    @Test("a section whose flag does not exist is an unknown key")
    func sectionWithoutFlag() {
        let schema = ConfigSchema(keys: [ConfigKey(name: "demo", kind: .flag(invertible: false))], sections: ["librdkafka": "kafka.property"])
        #expect(throws: ConfigError.self) {
            try ConfigFileReader(schema: schema, environment: [:]).settings(yaml: "librdkafka: {a: b}", path: "x.yaml")
        }
    }

    @Test(
        "every wrong key or type names the key and its line",
        arguments: [
            ("sample.intervall: 10s", ConfigError.Code.unknownKey, "sample.intervall", 1, "did you mean sample.interval"),
            ("demo: true\nsample:\n  intervl: 5s", .unknownKey, "sample.intervl", 3, "unknown key"),
            ("sample.interval: [1s, 2s]", .wrongType, "sample.interval", 1, "expected a single value, found a list"),
            ("\n\nsample.interval: {a: 1}", .wrongType, "sample.interval", 3, "found a mapping"),
            ("demo: maybe", .wrongType, "demo", 1, "expected true or false, found \"maybe\""),
            ("demo: [true]", .wrongType, "demo", 1, "expected true or false"),
            ("group.partition-series: 1", .wrongType, "group.partition-series", 1, "expected true or false"),
            ("kafka.server: [[a:1]]", .wrongType, "kafka.server", 1, "found a list in it"),
            ("kafka.server: {a: b}", .wrongType, "kafka.server", 1, "expected a value or a list"),
            ("sample: 10s", .wrongType, "sample", 1, "expected a mapping of sample.* keys"),
            ("sample.interval:", .missingValue, "sample.interval", 1, "no value"),
            ("sample.interval: ~", .missingValue, "sample.interval", 1, "no value"),
            ("sample.interval: 1s\nsample: {interval: 2s}", .duplicateKey, "sample.interval", 2, "given twice (first at line 1)"),
            ("librdkafka: [a=b]", .wrongType, "librdkafka", 1, "expected a mapping of property: value"),
            ("librdkafka: {a: [1]}", .wrongType, "librdkafka.a", 1, "expected a single value"),
            ("librdkafka:\n  a: 1\n  a: 2", .invalidYAML, nil, 2, "given twice"),
            ("[a, b]: 1", .unknownKey, nil, 1, "keys must be plain names"),
        ] as [(String, ConfigError.Code, String?, Int, String)])
    func wrongKeyOrType(yaml: String, code: ConfigError.Code, key: String?, line: Int, text: String) throws {
        let error = try #require(TestSchema.error(yaml))
        #expect(error.code == code)
        if let key { #expect(error.key == key) }
        #expect(error.message.contains("line \(line)"), "\(error.message)")
        #expect(error.message.contains(text), "\(error.message)")
        #expect(!error.message.contains("\n"))
    }

    @Test("the top level must be a mapping")
    func topLevel() throws {
        #expect(TestSchema.error("- a\n- b")?.code == .notAMapping)
        #expect(TestSchema.error("just text")?.code == .notAMapping)
    }

    @Test("YAML syntax errors are one line with the position")
    func syntaxError() throws {
        let error = try #require(TestSchema.error("sample.interval: 10s\ndemo: [true\n"))
        #expect(error.code == .invalidYAML)
        #expect(error.message.hasPrefix("config file test.yaml: YAML error at line "))
        #expect(!error.message.contains("\n"))
    }

    @Test("aliases that expand exponentially are refused, not walked")
    func aliasBomb() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml = "kafka.server: *a11\n" + yaml
        let error = try #require(TestSchema.error(yaml))
        #expect([.tooLarge, .invalidYAML, .unknownKey].contains(error.code), "\(error.message)")
    }
}
