import ArgumentParser
import PulseConfig

/// Flags for SASL, TLS and passed-through librdkafka properties, named after kafka_exporter's where
/// it has one. Secrets should come from a `*-file` flag or an environment variable
/// (KAFKA_PULSE_SASL_PASSWORD, ...): a value on the command line is visible in `ps`.
struct KafkaSecurityOptions: ParsableArguments {
    @Flag(name: .customLong("sasl.enabled"), help: "Authenticate to Kafka with SASL.")
    var saslEnabled = false

    @Option(
        name: .customLong("sasl.mechanism"),
        help: "SASL mechanism: plain, scram-sha256, scram-sha512 or oauthbearer (librdkafka's PLAIN, SCRAM-SHA-256, ... too).")
    var saslMechanism: String?

    @Option(name: .customLong("sasl.username"), help: "SASL username (PLAIN, SCRAM).")
    var saslUsername: String?

    @Option(
        name: .customLong("sasl.password"),
        help: "SASL password. Visible in ps: prefer --sasl.password-file or KAFKA_PULSE_SASL_PASSWORD.")
    var saslPassword: String?

    @Option(
        name: .customLong("sasl.password-file"),
        help: "File holding the SASL password (trailing newline ignored); a changed file is picked up without a restart.")
    var saslPasswordFile: String?

    @Option(name: .customLong("sasl.oauthbearer.token-endpoint"), help: "OAUTHBEARER: OIDC token endpoint URL (client credentials grant).")
    var oauthTokenEndpoint: String?

    @Option(name: .customLong("sasl.oauthbearer.client-id"), help: "OAUTHBEARER: OIDC client id.")
    var oauthClientID: String?

    @Option(
        name: .customLong("sasl.oauthbearer.client-secret"),
        help: "OAUTHBEARER: OIDC client secret. Visible in ps: prefer --sasl.oauthbearer.client-secret-file.")
    var oauthClientSecret: String?

    @Option(name: .customLong("sasl.oauthbearer.client-secret-file"), help: "OAUTHBEARER: file holding the OIDC client secret.")
    var oauthClientSecretFile: String?

    @Option(name: .customLong("sasl.oauthbearer.scope"), help: "OAUTHBEARER: scope to request (optional).")
    var oauthScope: String?

    @Flag(name: .customLong("tls.enabled"), help: "Connect to Kafka over TLS.")
    var tlsEnabled = false

    @Option(name: .customLong("tls.ca-file"), help: "PEM file of the CA(s) that signed the brokers' certificates (default: system CAs).")
    var tlsCAFile: String?

    @Option(name: .customLong("tls.cert-file"), help: "PEM client certificate for mutual TLS (with --tls.key-file).")
    var tlsCertFile: String?

    @Option(name: .customLong("tls.key-file"), help: "PEM private key of the client certificate.")
    var tlsKeyFile: String?

    @Option(
        name: .customLong("tls.key-password"),
        help: "Password of an encrypted --tls.key-file. Visible in ps: prefer --tls.key-password-file.")
    var tlsKeyPassword: String?

    @Option(name: .customLong("tls.key-password-file"), help: "File holding the password of an encrypted --tls.key-file.")
    var tlsKeyPasswordFile: String?

    @Flag(
        name: .customLong("tls.insecure-skip-tls-verify"),
        help: "Do not verify the brokers' certificate chain and hostname (insecure; logs a warning).")
    var tlsInsecureSkipVerify = false

    @Option(
        name: .customLong("kafka.property"),
        help: ArgumentHelp(
            "Any librdkafka property as key=value (repeatable); applied last, so it overrides the flags above. librdkafka checks it at start-up.",
            valueName: "key=value"))
    var kafkaProperties: [String] = []

    var flags: KafkaSecurityFlags {
        var flags = KafkaSecurityFlags()
        flags.saslEnabled = saslEnabled
        flags.saslMechanism = saslMechanism
        flags.saslUsername = saslUsername
        flags.saslPassword = saslPassword
        flags.saslPasswordFile = saslPasswordFile
        flags.oauthTokenEndpoint = oauthTokenEndpoint
        flags.oauthClientID = oauthClientID
        flags.oauthClientSecret = oauthClientSecret
        flags.oauthClientSecretFile = oauthClientSecretFile
        flags.oauthScope = oauthScope
        flags.tlsEnabled = tlsEnabled
        flags.tlsCAFile = tlsCAFile
        flags.tlsCertFile = tlsCertFile
        flags.tlsKeyFile = tlsKeyFile
        flags.tlsKeyPassword = tlsKeyPassword
        flags.tlsKeyPasswordFile = tlsKeyPasswordFile
        flags.tlsInsecureSkipVerify = tlsInsecureSkipVerify
        flags.kafkaProperties = kafkaProperties
        return flags
    }

    /// The checked settings, files included.
    func settings() throws -> KafkaSecuritySettings {
        do {
            let settings = try KafkaSecuritySettings(flags)
            try settings.checkFiles()
            return settings
        } catch {
            throw ValidationError(error.message)
        }
    }

    func validate() throws {
        _ = try settings()
    }
}
