import ArgumentParser
import Foundation
import PulseConfig

/// Flags for SASL, TLS and passed-through librdkafka properties, named after kafka_exporter's where
/// it has one. Secrets should come from a `*-file` flag or an environment variable
/// (KAFKA_PULSE_SASL_PASSWORD, ...): a value on the command line is visible in `ps`.
struct KafkaSecurityOptions: ParsableArguments {
    @Flag(name: .customLong("sasl.enabled"), inversion: .prefixedNo, help: "Authenticate to Kafka with SASL.")
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

    @Flag(name: .customLong("tls.enabled"), inversion: .prefixedNo, help: "Connect to Kafka over TLS.")
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
        name: .customLong("tls.insecure-skip-tls-verify"), inversion: .prefixedNo,
        help: "Do not verify the brokers' certificate chain and hostname (insecure; logs a warning).")
    var tlsInsecureSkipVerify = false

    @Option(
        name: .customLong("kafka.property"),
        help: ArgumentHelp(
            "Any librdkafka property as key=value (repeatable); applied last, so it overrides the flags above. librdkafka checks it at start-up.",
            valueName: "key=value"))
    var kafkaProperties: [String] = []

    // kafka_exporter's spelling of the OAUTHBEARER settings (see `kafkaExporterOAuth`).
    @Option(name: .customLong("sasl.oauthbearer-token-url"), help: .hidden) var oauthTokenURL: String?
    @Option(name: .customLong("sasl.oauthbearer-scopes"), help: .hidden) var oauthScopes: String?

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
        return kafkaExporterOAuth(flags)
    }

    /// kafka_exporter's OAUTHBEARER flags on kafka-pulse's: the token URL and scopes, and, as
    /// kafka_exporter does, `--sasl.username`/`--sasl.password` as the client id and secret.
    private func kafkaExporterOAuth(_ flags: KafkaSecurityFlags) -> KafkaSecurityFlags {
        guard oauthTokenURL.nonEmpty != nil || oauthScopes.nonEmpty != nil else { return flags }
        var flags = flags
        flags.oauthTokenEndpoint = flags.oauthTokenEndpoint ?? oauthTokenURL.nonEmpty
        // kafka_exporter's scopes are comma-separated; librdkafka's scope is space-separated.
        flags.oauthScope = flags.oauthScope ?? oauthScopes.nonEmpty.map {
            $0.split(separator: ",").map { String($0.trimmingSpaces()) }.joined(separator: " ")
        }
        if flags.saslMechanism?.lowercased() == "oauthbearer", flags.oauthClientID == nil, flags.oauthClientSecret == nil {
            flags.oauthClientID = flags.saslUsername
            flags.oauthClientSecret = flags.saslPassword
            flags.saslUsername = nil
            flags.saslPassword = nil
        }
        return flags
    }

    /// The checked settings, files included.
    func settings() throws -> KafkaSecuritySettings {
        do {
            let settings = try KafkaSecuritySettings(flags)
            try settings.checkFiles()
            return settings
        } catch {
            throw ValidationError(namingGivenFlags(error.message))
        }
    }

    /// An error about a setting that came from one of kafka_exporter's flags names that flag, the
    /// one on the user's command line, rather than kafka-pulse's.
    private func namingGivenFlags(_ message: String) -> String {
        var renames: [(String, String)] = []
        if oauthTokenEndpoint == nil, oauthTokenURL.nonEmpty != nil {
            renames.append(("--sasl.oauthbearer.token-endpoint", "--sasl.oauthbearer-token-url"))
        }
        if oauthScope == nil, oauthScopes.nonEmpty != nil { renames.append(("--sasl.oauthbearer.scope", "--sasl.oauthbearer-scopes")) }
        let mapped = flags
        if oauthClientID == nil, mapped.oauthClientID != nil { renames.append(("--sasl.oauthbearer.client-id", "--sasl.username")) }
        if oauthClientSecret == nil, mapped.oauthClientSecret != nil {
            renames.append(("--sasl.oauthbearer.client-secret", "--sasl.password"))
        }
        return renames.reduce(message) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    func validate() throws {
        try refuseUnsupportedMechanisms()
        _ = try settings()
    }

    /// kafka_exporter's mechanisms librdkafka cannot do, with the reason rather than the list of
    /// mechanisms that `settings()` would give.
    func refuseUnsupportedMechanisms() throws {
        switch saslMechanism?.lowercased() {
        case "gssapi":
            throw ValidationError(
                "--sasl.mechanism gssapi: Kerberos (SASL GSSAPI) is not supported: kafka-pulse's librdkafka is built without GSSAPI")
        case "awsiam":
            throw ValidationError(
                "--sasl.mechanism awsiam: AWS MSK IAM is not supported by librdkafka; use SASL/SCRAM on MSK, or OAUTHBEARER with --sasl.oauthbearer.* flags")
        default: break
        }
    }
}
