/// The names of the Kafka security flags, spelled here only: the option group declares its flags
/// with them, and every error and file check names a flag through them.
public enum KafkaSecurityFlag: String, CaseIterable, Sendable, CustomStringConvertible {
    case saslEnabled = "sasl.enabled"
    case saslMechanism = "sasl.mechanism"
    case saslUsername = "sasl.username"
    case saslPassword = "sasl.password"
    case saslPasswordFile = "sasl.password-file"
    case oauthTokenEndpoint = "sasl.oauthbearer.token-endpoint"
    case oauthClientID = "sasl.oauthbearer.client-id"
    case oauthClientSecret = "sasl.oauthbearer.client-secret"
    case oauthClientSecretFile = "sasl.oauthbearer.client-secret-file"
    case oauthScope = "sasl.oauthbearer.scope"
    case tlsEnabled = "tls.enabled"
    case tlsCAFile = "tls.ca-file"
    case tlsCertFile = "tls.cert-file"
    case tlsKeyFile = "tls.key-file"
    case tlsKeyPassword = "tls.key-password"
    case tlsKeyPasswordFile = "tls.key-password-file"
    case tlsInsecureSkipVerify = "tls.insecure-skip-tls-verify"
    case kafkaProperty = "kafka.property"
    /// kafka_exporter's spelling of the OAUTHBEARER token endpoint and scopes.
    case kafkaExporterOAuthTokenURL = "sasl.oauthbearer-token-url"
    case kafkaExporterOAuthScopes = "sasl.oauthbearer-scopes"

    /// As typed on a command line: `--sasl.enabled`.
    public var description: String { "--\(rawValue)" }
}
