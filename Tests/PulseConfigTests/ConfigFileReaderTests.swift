import Foundation
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

    struct WrongInput: Sendable, CustomTestStringConvertible {
        let yaml: String
        let code: ConfigError.Code
        let key: String?
        let line: Int
        let text: String
        var testDescription: String { yaml }
    }

    static let wrongInputs: [WrongInput] = [
        WrongInput(yaml: "sample.intervall: 10s", code: .unknownKey, key: "sample.intervall", line: 1, text: "did you mean sample.interval"),
        WrongInput(yaml: "demo: true\nsample:\n  intervl: 5s", code: .unknownKey, key: "sample.intervl", line: 3, text: "unknown key"),
        WrongInput(yaml: "sample.interval: [1s, 2s]", code: .wrongType, key: "sample.interval", line: 1, text: "expected a single value, found a list"),
        WrongInput(yaml: "\n\nsample.interval: {a: 1}", code: .wrongType, key: "sample.interval", line: 3, text: "found a mapping"),
        WrongInput(yaml: "demo: maybe", code: .wrongType, key: "demo", line: 1, text: "expected true or false, found \"maybe\""),
        WrongInput(yaml: "demo: [true]", code: .wrongType, key: "demo", line: 1, text: "expected true or false"),
        WrongInput(yaml: "group.partition-series: 1", code: .wrongType, key: "group.partition-series", line: 1, text: "expected true or false"),
        WrongInput(yaml: "kafka.server: [[a:1]]", code: .wrongType, key: "kafka.server", line: 1, text: "found a list in it"),
        WrongInput(yaml: "kafka.server: {a: b}", code: .wrongType, key: "kafka.server", line: 1, text: "expected a value or a list"),
        WrongInput(yaml: "sample: 10s", code: .wrongType, key: "sample", line: 1, text: "expected a mapping of sample.* keys"),
        WrongInput(yaml: "sample.interval:", code: .missingValue, key: "sample.interval", line: 1, text: "no value"),
        WrongInput(yaml: "sample.interval: ~", code: .missingValue, key: "sample.interval", line: 1, text: "no value"),
        WrongInput(yaml: "sample.interval: 1s\nsample: {interval: 2s}", code: .duplicateKey, key: "sample.interval", line: 2, text: "given twice (first at line 1)"),
        WrongInput(yaml: "librdkafka: [a=b]", code: .wrongType, key: "librdkafka", line: 1, text: "expected a mapping of property: value"),
        WrongInput(yaml: "librdkafka: {a: [1]}", code: .wrongType, key: "librdkafka.a", line: 1, text: "expected a single value"),
        WrongInput(yaml: "librdkafka:\n  a: 1\n  a: 2", code: .invalidYAML, key: nil, line: 2, text: "given twice"),
        WrongInput(yaml: "[a, b]: 1", code: .unknownKey, key: nil, line: 1, text: "keys must be plain names"),
    ]

    @Test("every wrong key or type names the key and its line", arguments: wrongInputs)
    func wrongKeyOrType(input: WrongInput) throws {
        let error = try #require(TestSchema.error(input.yaml))
        #expect(error.code == input.code)
        if let key = input.key { #expect(error.key == key) }
        #expect(error.message.contains("line \(input.line)"), "\(error.message)")
        #expect(error.message.contains(input.text), "\(error.message)")
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

    @Test("deep nesting is a YAML error at a position, not a stack overflow")
    func deepNesting() throws {
        let error = try #require(TestSchema.error("kafka.server: " + String(repeating: "[", count: 5_000)))
        #expect(error.code == .invalidYAML && error.message.contains("line 1"), "\(error.message)")
    }

    @Test("missing, directory, non-UTF-8 and oversized files are one line naming the file")
    func unreadableFiles() throws {
        let reader = ConfigFileReader(schema: TestSchema.schema, environment: [:])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kp-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("binary.yaml")
        try Data([0x64, 0x65, 0x6d, 0x6f, 0x3a, 0x20, 0xff, 0xfe]).write(to: binary)
        let huge = directory.appendingPathComponent("huge.yaml")
        try Data(repeating: 0x23, count: ConfigFileReader.maximumBytes + 1).write(to: huge)
        let cases: [(String, ConfigError.Code, String)] = [
            (directory.appendingPathComponent("missing.yaml").path, .unreadableFile, "no such file"),
            (directory.path, .unreadableFile, "is a directory"),
            (binary.path, .invalidYAML, "not UTF-8"),
            (huge.path, .tooLarge, "larger than"),
        ]
        for (path, code, text) in cases {
            #expect {
                try reader.settings(path: path)
            } throws: { error in
                guard let error = error as? ConfigError else { return false }
                return error.code == code && error.message.hasPrefix("config file \(path):") && error.message.contains(text)
            }
        }
    }

    @Test("aliases that expand exponentially are refused, not walked")
    func aliasBomb() throws {
        // Inside the librdkafka section, nested mappings are walked: each level repeats the one below ten times.
        let fields = (0..<10).map { "k\($0)" }
        var yaml = "librdkafka:\n  a0: &a0 {" + fields.map { "\($0): v" }.joined(separator: ", ") + "}\n"
        for level in 1..<9 {
            yaml += "  a\(level): &a\(level) {" + fields.map { "\($0): *a\(level - 1)" }.joined(separator: ", ") + "}\n"
        }
        let error = try #require(TestSchema.error(yaml))
        #expect(error.code == .tooLarge, "\(error.message)")
    }
}
