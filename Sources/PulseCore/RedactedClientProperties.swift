/// librdkafka client properties fit to show in a log line or on a page: secret values are replaced
/// by `[redacted]` and secrets read from files show only their path. The only way to build one is
/// from the real properties, so whatever holds one cannot leak a secret.
public struct RedactedClientProperties: Hashable, Sendable, CustomStringConvertible {
    public static let mask = "[redacted]"

    /// Sorted by property name.
    public let entries: [Entry]

    public struct Entry: Hashable, Sendable {
        public let key: String
        public let value: String
    }

    public init(_ properties: [String: String], secretFiles: [String: String] = [:]) {
        var entries = properties.map { key, value in
            Entry(key: key, value: Self.isSecret(key) ? Self.mask : value)
        }
        entries += secretFiles.map { key, path in Entry(key: key, value: "\(Self.mask) (from file \(path))") }
        self.entries = entries.sorted { $0.key < $1.key }
    }

    public init(_ configuration: KafkaSourceConfiguration) {
        self.init(configuration.clientProperties, secretFiles: configuration.secretFiles)
    }

    /// Whether a librdkafka property can hold a secret: passwords, client secrets, inline PEM keys,
    /// the OAUTHBEARER config (it may carry a token) and anything a plugin names alike. File paths
    /// (`*.location`) are not secrets and stay readable, they are what an operator debugs.
    public static func isSecret(_ key: String) -> Bool {
        let key = key.lowercased()
        if key.hasSuffix(".location") { return false }
        return ["password", "secret", "key", "token", "sasl.oauthbearer.config", "jaas", "credential"].contains {
            key.contains($0)
        }
    }

    /// `key=value, key=value`, for one log line.
    public var description: String {
        entries.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
