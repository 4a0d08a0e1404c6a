import PulseConfig

/// A schema shaped like the real command's (the real one is pinned in KafkaPulseCLITests), including
/// `kafka.property` so the `librdkafka:` section can be tested before that flag lands.
enum TestSchema {
    static let keys = [
        ConfigKey(name: "kafka.server", kind: .repeatingOption),
        ConfigKey(name: "kafka.property", kind: .repeatingOption),
        ConfigKey(name: "kafka.request-timeout", kind: .option),
        ConfigKey(name: "sample.interval", kind: .option),
        ConfigKey(name: "group.filter", kind: .option),
        ConfigKey(name: "group.partition-series", kind: .flag(invertible: true)),
        ConfigKey(name: "demo", kind: .flag(invertible: false)),
        ConfigKey(name: "sasl.password", kind: .option),
        ConfigKey(name: "web.listen-address", kind: .option),
    ]
    static let schema = ConfigSchema(keys: keys, sections: ["librdkafka": "kafka.property"])

    static func read(_ yaml: String, environment: [String: String] = [:]) throws(ConfigError) -> [ConfigSetting] {
        try ConfigFileReader(schema: schema, environment: environment).settings(yaml: yaml, path: "test.yaml")
    }

    static func tokens(_ yaml: String, environment: [String: String] = [:]) throws(ConfigError) -> [String] {
        LayeredSettings(file: try read(yaml, environment: environment), environment: [], commandLineKeys: []).tokens
    }

    static func error(_ yaml: String, environment: [String: String] = [:]) -> ConfigError? {
        do {
            _ = try read(yaml, environment: environment)
            return nil
        } catch {
            return error
        }
    }
}
