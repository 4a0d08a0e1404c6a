import Foundation
public import ArgumentParser

/// Flags for SASL, TLS and passed-through librdkafka properties, named after kafka_exporter's where
/// it has one. Secrets should come from a `*-file` flag or an environment variable
/// (KAFKA_PULSE_SASL_PASSWORD, ...): a value on the command line is visible in `ps`.
///
/// `validate()` turns the flags into `KafkaSecuritySettings` once, files checked; the exporter
/// uses that value.
public struct KafkaSecurityOptions: ParsableArguments, Sendable {
    @Flag(name: .customLong(KafkaSecurityFlag.saslEnabled.rawValue), inversion: .prefixedNo, help: "Authenticate to Kafka with SASL.")
    public internal(set) var saslEnabled = false

    @Option(
        name: .customLong(KafkaSecurityFlag.saslMechanism.rawValue),
        help: "SASL mechanism: plain, scram-sha256, scram-sha512 or oauthbearer (librdkafka's PLAIN, SCRAM-SHA-256, ... too).")
    public internal(set) var saslMechanism: String?

    @Option(name: .customLong(KafkaSecurityFlag.saslUsername.rawValue), help: "SASL username (PLAIN, SCRAM).")
    public internal(set) var saslUsername: String?

    @Option(
        name: .customLong(KafkaSecurityFlag.saslPassword.rawValue),
        help: "SASL password. Visible in ps: prefer --sasl.password-file or KAFKA_PULSE_SASL_PASSWORD.")
    public internal(set) var saslPassword: String?

    @Option(
        name: .customLong(KafkaSecurityFlag.saslPasswordFile.rawValue),
        help: "File holding the SASL password (trailing newline ignored); a changed file is picked up without a restart.")
    public internal(set) var saslPasswordFile: String?

    @Option(
        name: .customLong(KafkaSecurityFlag.oauthTokenEndpoint.rawValue),
        help: "OAUTHBEARER: OIDC token endpoint URL (client credentials grant).")
    public internal(set) var oauthTokenEndpoint: String?

    @Option(name: .customLong(KafkaSecurityFlag.oauthClientID.rawValue), help: "OAUTHBEARER: OIDC client id.")
    public internal(set) var oauthClientID: String?

    @Option(
        name: .customLong(KafkaSecurityFlag.oauthClientSecret.rawValue),
        help: "OAUTHBEARER: OIDC client secret. Visible in ps: prefer --sasl.oauthbearer.client-secret-file.")
    public internal(set) var oauthClientSecret: String?

    @Option(
        name: .customLong(KafkaSecurityFlag.oauthClientSecretFile.rawValue), help: "OAUTHBEARER: file holding the OIDC client secret.")
    public internal(set) var oauthClientSecretFile: String?

    @Option(name: .customLong(KafkaSecurityFlag.oauthScope.rawValue), help: "OAUTHBEARER: scope to request (optional).")
    public internal(set) var oauthScope: String?

    @Flag(name: .customLong(KafkaSecurityFlag.tlsEnabled.rawValue), inversion: .prefixedNo, help: "Connect to Kafka over TLS.")
    public internal(set) var tlsEnabled = false

    @Option(
        name: .customLong(KafkaSecurityFlag.tlsCAFile.rawValue),
        help: "PEM file of the CA(s) that signed the brokers' certificates (default: system CAs).")
    public internal(set) var tlsCAFile: String?

    @Option(
        name: .customLong(KafkaSecurityFlag.tlsCertFile.rawValue), help: "PEM client certificate for mutual TLS (with --tls.key-file).")
    public internal(set) var tlsCertFile: String?

    @Option(name: .customLong(KafkaSecurityFlag.tlsKeyFile.rawValue), help: "PEM private key of the client certificate.")
    public internal(set) var tlsKeyFile: String?

    @Option(
        name: .customLong(KafkaSecurityFlag.tlsKeyPassword.rawValue),
        help: "Password of an encrypted --tls.key-file. Visible in ps: prefer --tls.key-password-file.")
    public internal(set) var tlsKeyPassword: String?

    @Option(
        name: .customLong(KafkaSecurityFlag.tlsKeyPasswordFile.rawValue), help: "File holding the password of an encrypted --tls.key-file.")
    public internal(set) var tlsKeyPasswordFile: String?

    @Flag(
        name: .customLong(KafkaSecurityFlag.tlsInsecureSkipVerify.rawValue), inversion: .prefixedNo,
        help: "Do not verify the brokers' certificate chain and hostname (insecure; logs a warning).")
    public internal(set) var tlsInsecureSkipVerify = false

    @Option(
        name: .customLong(KafkaSecurityFlag.kafkaProperty.rawValue),
        help: ArgumentHelp(
            "Any librdkafka property as key=value (repeatable); applied last, so it overrides the flags above. librdkafka checks it at start-up.",
            valueName: "key=value"))
    public internal(set) var kafkaProperties: [String] = []

    // kafka_exporter's spelling of the OAUTHBEARER settings (see `withKafkaExporterOAuth`).
    @Option(name: .customLong(KafkaSecurityFlag.kafkaExporterOAuthTokenURL.rawValue), help: .hidden)
    public internal(set) var oauthTokenURL: String?
    @Option(name: .customLong(KafkaSecurityFlag.kafkaExporterOAuthScopes.rawValue), help: .hidden)
    public internal(set) var oauthScopes: String?

    /// Set by `validate()`.
    @ValidatedLater private var validated: KafkaSecuritySettings?

    public init() {}

    /// Argument-parser runs this once after parsing: a bad flag or a missing file stops the start
    /// with one line naming the flag.
    public mutating func validate() throws {
        try refuseUnsupportedMechanisms()
        validated = try checkedSettings()
    }

    /// The settings `validate()` checked (checked here when the flags were not parsed).
    public func settings() throws -> KafkaSecuritySettings {
        if let validated { return validated }
        return try checkedSettings()
    }

    private func checkedSettings() throws -> KafkaSecuritySettings {
        do {
            let settings = try KafkaSecuritySettings(withKafkaExporterOAuth)
            try settings.checkFiles()
            return settings
        } catch {
            throw ValidationError(namingGivenFlags(error.message))
        }
    }

    /// kafka_exporter's OAUTHBEARER flags on kafka-pulse's: the token URL and scopes, and, as
    /// kafka_exporter does, `--sasl.username`/`--sasl.password` as the client id and secret.
    var withKafkaExporterOAuth: KafkaSecurityOptions {
        guard oauthTokenURL.nonEmpty != nil || oauthScopes.nonEmpty != nil else { return self }
        var options = self
        options.oauthTokenEndpoint = oauthTokenEndpoint ?? oauthTokenURL.nonEmpty
        // kafka_exporter's scopes are comma-separated; librdkafka's scope is space-separated.
        options.oauthScope = oauthScope ?? oauthScopes.nonEmpty.map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: " ")
        }
        if saslMechanism?.lowercased() == "oauthbearer", oauthClientID == nil, oauthClientSecret == nil {
            options.oauthClientID = saslUsername
            options.oauthClientSecret = saslPassword
            options.saslUsername = nil
            options.saslPassword = nil
        }
        return options
    }

    /// An error about a setting that came from one of kafka_exporter's flags names that flag, the
    /// one on the user's command line, rather than kafka-pulse's.
    private func namingGivenFlags(_ message: String) -> String {
        var renames: [(KafkaSecurityFlag, KafkaSecurityFlag)] = []
        if oauthTokenEndpoint == nil, oauthTokenURL.nonEmpty != nil { renames.append((.oauthTokenEndpoint, .kafkaExporterOAuthTokenURL)) }
        if oauthScope == nil, oauthScopes.nonEmpty != nil { renames.append((.oauthScope, .kafkaExporterOAuthScopes)) }
        let mapped = withKafkaExporterOAuth
        if oauthClientID == nil, mapped.oauthClientID != nil { renames.append((.oauthClientID, .saslUsername)) }
        if oauthClientSecret == nil, mapped.oauthClientSecret != nil { renames.append((.oauthClientSecret, .saslPassword)) }
        return renames.reduce(message) { $0.replacingOccurrences(of: "\($1.0)", with: "\($1.1)") }
    }

    /// kafka_exporter's mechanisms librdkafka cannot do, with the reason rather than the list of
    /// mechanisms that `settings()` would give.
    private func refuseUnsupportedMechanisms() throws {
        switch saslMechanism?.lowercased() {
        case "gssapi":
            throw ValidationError(
                "\(KafkaSecurityFlag.saslMechanism) gssapi: Kerberos (SASL GSSAPI) is not supported: kafka-pulse's librdkafka is built without GSSAPI")
        case "awsiam":
            throw ValidationError(
                "\(KafkaSecurityFlag.saslMechanism) awsiam: AWS MSK IAM is not supported by librdkafka; use SASL/SCRAM on MSK, or OAUTHBEARER with --sasl.oauthbearer.* flags")
        default: break
        }
    }
}
