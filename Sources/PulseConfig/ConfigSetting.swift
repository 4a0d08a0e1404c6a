/// One key's value from the file or the environment, before it becomes command-line tokens.
public struct ConfigSetting: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case flag(Bool)
        case single(String)
        case list([String])
    }

    public let key: ConfigKey
    public let value: Value
    public let origin: ConfigOrigin

    public init(key: ConfigKey, value: Value, origin: ConfigOrigin) {
        self.key = key
        self.value = value
        self.origin = origin
    }

    /// `--name=value` keeps a value that starts with `-` a value. A false flag without `--no-name`
    /// is the default, so it needs no token.
    public var tokens: [String] {
        switch (value, key.kind) {
        case (.flag(true), _): ["--\(key.name)"]
        case (.flag(false), .flag(invertible: true)): ["--no-\(key.name)"]
        case (.flag(false), _): []
        case (.single(let text), _): ["--\(key.name)=\(text)"]
        case (.list(let items), _): items.map { "--\(key.name)=\($0)" }
        }
    }
}
