/// `KAFKA_PULSE_<KEY>` variables as settings. Variables that name no key are left alone: scripts and
/// tests use the same prefix for their own switches (`KAFKA_PULSE_IMAGE_TEST`). One that is a typo of
/// a key (`KAFKA_PULSE_SAMPLE_INTERVALL`) is an error, not a setting silently dropped.
public struct EnvironmentReader {
    public let schema: ConfigSchema

    public init(schema: ConfigSchema) {
        self.schema = schema
    }

    /// Flags take true/false/1/0/yes/no; a repeating option takes one value per line (a comma stays in
    /// the value: `--kafka.server` splits commas itself, a librdkafka property value may contain them).
    public func settings(environment: [String: String]) throws(ConfigError) -> [ConfigSetting] {
        if let typo = misspelled(in: environment) { throw typo }
        var found: [ConfigSetting] = []
        for key in schema.keys.values.sorted(by: { $0.name < $1.name }) {
            let variable = key.environmentName
            guard let raw = environment[variable] else { continue }
            let origin = ConfigOrigin.environment(variable: variable)
            switch key.kind {
            case .flag:
                guard let bool = Self.bool(raw) else {
                    throw ConfigError(
                        .invalidEnvironment, key: key.name,
                        "environment variable \(variable) (\(key.name)): expected true or false, found \"\(raw.prefix(40))\"")
                }
                found.append(ConfigSetting(key: key, value: .flag(bool), origin: origin))
            case .option:
                found.append(ConfigSetting(key: key, value: .single(raw), origin: origin))
            case .repeatingOption:
                let items = raw.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
                found.append(ConfigSetting(key: key, value: .list(items), origin: origin))
            }
        }
        return found
    }

    /// The first prefixed variable that names no key but is one or two letters from one.
    public func misspelled(in environment: [String: String]) -> ConfigError? {
        let known = Dictionary(schema.keys.values.map { ($0.environmentName, $0.name) }, uniquingKeysWith: { first, _ in first })
        for variable in environment.keys.sorted() where variable.hasPrefix("KAFKA_PULSE_") && known[variable] == nil {
            let suffix = String(variable.dropFirst("KAFKA_PULSE_".count))
            let limit = suffix.count <= 6 ? 1 : 2
            for (name, key) in known.sorted(by: { $0.key < $1.key })
            where EditDistance.isWithin(limit, String(name.dropFirst("KAFKA_PULSE_".count)), suffix) {
                return ConfigError(
                    .invalidEnvironment, key: key, "environment variable \(variable) names no flag (did you mean \(name)?)")
            }
        }
        return nil
    }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes", "on": true
        case "false", "0", "no", "off": false
        default: nil
        }
    }
}
