import Foundation

extension KafkaSecuritySettings {
    /// Checks the flags as a whole and builds the settings; the error names the flag to fix.
    /// Files are not touched here (see `checkFiles()`). Empty strings count as not given, as an
    /// empty environment variable does.
    public init(_ flags: KafkaSecurityFlags) throws(KafkaSecurityError) {
        let passthrough = try Self.passthrough(flags.kafkaProperties)
        self.init(
            sasl: try Self.sasl(flags, passthrough: passthrough), tls: try Self.tls(flags), passthrough: passthrough)
    }

    /// `key=value` entries; a later entry for the same key wins, as on a command line.
    static func passthrough(_ entries: [String]) throws(KafkaSecurityError) -> [String: String] {
        var properties: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "=") else {
                throw KafkaSecurityError(.invalidValue, "--kafka.property \(entry): expected key=value")
            }
            let key = entry[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw KafkaSecurityError(.invalidValue, "--kafka.property \(entry): the key is empty") }
            properties[key] = String(entry[entry.index(after: equals)...])
        }
        return properties
    }

    private static func sasl(_ flags: KafkaSecurityFlags, passthrough: [String: String]) throws(KafkaSecurityError) -> SASL? {
        let given: [(String, String?)] = [
            ("--sasl.mechanism", flags.saslMechanism), ("--sasl.username", flags.saslUsername),
            ("--sasl.password", flags.saslPassword), ("--sasl.password-file", flags.saslPasswordFile),
            ("--sasl.oauthbearer.token-endpoint", flags.oauthTokenEndpoint), ("--sasl.oauthbearer.client-id", flags.oauthClientID),
            ("--sasl.oauthbearer.client-secret", flags.oauthClientSecret),
            ("--sasl.oauthbearer.client-secret-file", flags.oauthClientSecretFile), ("--sasl.oauthbearer.scope", flags.oauthScope),
        ].filter { $0.1.nonEmpty != nil }
        guard flags.saslEnabled else {
            if let flag = given.first?.0 { throw KafkaSecurityError(.flagWithoutFeature, "\(flag) needs --sasl.enabled") }
            return nil
        }
        let spelling = flags.saslMechanism.nonEmpty ?? "plain"
        guard let mechanism = SASLMechanism(spelling: spelling) else {
            throw KafkaSecurityError(
                .invalidValue, "--sasl.mechanism \(spelling): expected plain, scram-sha256, scram-sha512 or oauthbearer")
        }
        let oidcFlags = given.filter { $0.0.hasPrefix("--sasl.oauthbearer.") }
        let password = try Secret.from(
            value: flags.saslPassword.nonEmpty, file: flags.saslPasswordFile.nonEmpty, valueFlag: "--sasl.password",
            fileFlag: "--sasl.password-file")
        guard mechanism == .oauthBearer else {
            if let flag = oidcFlags.first?.0 {
                throw KafkaSecurityError(.conflictingFlags, "\(flag) is only used with --sasl.mechanism oauthbearer")
            }
            let username = flags.saslUsername.nonEmpty
            guard username != nil || passthrough["sasl.username"] != nil else {
                throw KafkaSecurityError(.missingValue, "--sasl.username is required for --sasl.mechanism \(mechanism.rawValue)")
            }
            guard password != nil || passthrough["sasl.password"] != nil else {
                throw KafkaSecurityError(
                    .missingValue,
                    "--sasl.password-file (or --sasl.password, or KAFKA_PULSE_SASL_PASSWORD) is required for --sasl.mechanism \(mechanism.rawValue)")
            }
            return SASL(mechanism: mechanism, username: username, password: password)
        }
        if let flag = given.first(where: { ["--sasl.username", "--sasl.password", "--sasl.password-file"].contains($0.0) })?.0 {
            throw KafkaSecurityError(.conflictingFlags, "\(flag) is not used with --sasl.mechanism oauthbearer")
        }
        return SASL(mechanism: mechanism, oidc: try oidc(flags, passthrough: passthrough))
    }

    /// OIDC client credentials, or nil when passed-through properties configure the token another
    /// way (librdkafka's unsecured test JWT, or a method of its own).
    private static func oidc(_ flags: KafkaSecurityFlags, passthrough: [String: String]) throws(KafkaSecurityError)
        -> OIDCClientCredentials?
    {
        guard let endpoint = flags.oauthTokenEndpoint.nonEmpty else {
            let configuredElsewhere = ["sasl.oauthbearer.method", "enable.sasl.oauthbearer.unsecure.jwt", "sasl.oauthbearer.config"]
                .contains { passthrough[$0] != nil }
            if configuredElsewhere { return nil }
            throw KafkaSecurityError(.missingValue, "--sasl.oauthbearer.token-endpoint is required for --sasl.mechanism oauthbearer")
        }
        guard endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://") else {
            throw KafkaSecurityError(.invalidValue, "--sasl.oauthbearer.token-endpoint \(endpoint): expected an http(s):// URL")
        }
        guard let clientID = flags.oauthClientID.nonEmpty else {
            throw KafkaSecurityError(.missingValue, "--sasl.oauthbearer.client-id is required with --sasl.oauthbearer.token-endpoint")
        }
        let secret = try Secret.from(
            value: flags.oauthClientSecret.nonEmpty, file: flags.oauthClientSecretFile.nonEmpty,
            valueFlag: "--sasl.oauthbearer.client-secret", fileFlag: "--sasl.oauthbearer.client-secret-file")
        guard let secret else {
            throw KafkaSecurityError(
                .missingValue,
                "--sasl.oauthbearer.client-secret-file (or --sasl.oauthbearer.client-secret) is required with --sasl.oauthbearer.token-endpoint")
        }
        return OIDCClientCredentials(tokenEndpoint: endpoint, clientID: clientID, clientSecret: secret, scope: flags.oauthScope.nonEmpty)
    }

    private static func tls(_ flags: KafkaSecurityFlags) throws(KafkaSecurityError) -> TLS? {
        let given: [(String, Bool)] = [
            ("--tls.ca-file", flags.tlsCAFile.nonEmpty != nil), ("--tls.cert-file", flags.tlsCertFile.nonEmpty != nil),
            ("--tls.key-file", flags.tlsKeyFile.nonEmpty != nil), ("--tls.key-password", flags.tlsKeyPassword.nonEmpty != nil),
            ("--tls.key-password-file", flags.tlsKeyPasswordFile.nonEmpty != nil),
            ("--tls.insecure-skip-tls-verify", flags.tlsInsecureSkipVerify),
        ]
        guard flags.tlsEnabled else {
            if let flag = given.first(where: \.1)?.0 { throw KafkaSecurityError(.flagWithoutFeature, "\(flag) needs --tls.enabled") }
            return nil
        }
        let certFile = flags.tlsCertFile.nonEmpty
        let keyFile = flags.tlsKeyFile.nonEmpty
        if certFile != nil, keyFile == nil {
            throw KafkaSecurityError(.missingValue, "--tls.cert-file needs --tls.key-file (the client certificate's private key)")
        }
        if keyFile != nil, certFile == nil {
            throw KafkaSecurityError(.missingValue, "--tls.key-file needs --tls.cert-file (the client certificate)")
        }
        let keyPassword = try Secret.from(
            value: flags.tlsKeyPassword.nonEmpty, file: flags.tlsKeyPasswordFile.nonEmpty, valueFlag: "--tls.key-password",
            fileFlag: "--tls.key-password-file")
        if keyPassword != nil, keyFile == nil {
            throw KafkaSecurityError(.conflictingFlags, "--tls.key-password-file needs --tls.key-file (it decrypts that key)")
        }
        return TLS(
            caFile: flags.tlsCAFile.nonEmpty, certFile: certFile, keyFile: keyFile, keyPassword: keyPassword,
            verifyServer: !flags.tlsInsecureSkipVerify)
    }
}

extension Optional<String> {
    /// The string unless it is nil or empty.
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
