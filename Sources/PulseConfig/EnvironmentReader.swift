/// `KAFKA_PULSE_<KEY>` variables as settings. Variables that name no key are left alone: scripts and
/// tests use the same prefix for their own switches (`KAFKA_PULSE_IMAGE_TEST`).
public struct EnvironmentReader {
    public let schema: ConfigSchema

    public init(schema: ConfigSchema) {
        self.schema = schema
    }

    /// Flags take true/false/1/0/yes/no; a repeating option takes one value per line (a comma stays in
    /// the value: `--kafka.server` splits commas itself, a librdkafka property value may contain them).
    public func settings(environment: [String: String]) throws(ConfigError) -> [ConfigSetting] {
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

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes", "on": true
        case "false", "0", "no", "off": false
        default: nil
        }
    }
}
