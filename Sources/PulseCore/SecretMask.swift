/// Masks secrets in text that kafka-pulse did not write: librdkafka's log lines and error texts.
/// librdkafka redacts most sensitive properties in its own configuration dump, but 2.8.0 prints
/// `sasl.oauthbearer.client.secret` in clear at `debug=conf`, and a plugin's property may be
/// unknown to it. So every secret value is masked wherever it shows up, and every `key = value`
/// line of the dump whose key looks secret is masked whatever its value.
public struct SecretMask: Sendable {
    /// Shorter values are not masked by value: "abc" would mask half of every line. Their
    /// property lines in the configuration dump are still masked by key.
    public static let minimumLength = 4

    private let values: [String]

    /// `properties`: the librdkafka properties as the client gets them, secrets included.
    public init(properties: [String: String]) {
        values = properties.filter { RedactedClientProperties.isSecret($0.key) }.map(\.value)
            .filter { $0.count >= Self.minimumLength }
            // Longest first, so a secret that contains another is masked whole.
            .sorted { $0.count > $1.count }
    }

    public func apply(_ text: String) -> String {
        var text = text
        for value in values where text.contains(value) {
            text = text.replacing(value, with: RedactedClientProperties.mask)
        }
        return Self.maskConfigurationLine(text)
    }

    /// librdkafka's dump lines look like `[thrd:app]:   sasl.password = value`.
    static func maskConfigurationLine(_ text: String) -> String {
        guard let equals = text.firstRange(of: " = ") else { return text }
        let beforeEquals = text[..<equals.lowerBound]
        let key = beforeEquals.split(separator: " ").last.map(String.init) ?? ""
        guard !key.isEmpty, RedactedClientProperties.isSecret(key), text[equals.upperBound...] != RedactedClientProperties.mask
        else { return text }
        return beforeEquals + " = " + RedactedClientProperties.mask
    }
}
