import Foundation

private typealias Flag = KafkaSecurityFlag

extension KafkaSecuritySettings {
    /// Checks the options as a whole and builds the settings; the error names the flag to fix.
    /// Files are not touched here (see `checkFiles()`). Empty strings count as not given, as an
    /// empty environment variable does.
    public init(_ options: KafkaSecurityOptions) throws(KafkaSecurityError) {
        let passthrough = try Self.passthrough(options.kafkaProperties)
        self.init(
            sasl: try Self.sasl(options, passthrough: passthrough), tls: try Self.tls(options), passthrough: passthrough)
    }

    /// `key=value` entries; a later entry for the same key wins, as on a command line.
    static func passthrough(_ entries: [String]) throws(KafkaSecurityError) -> [String: String] {
        var properties: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "=") else {
                throw KafkaSecurityError(.invalidValue, "\(Flag.kafkaProperty) \(entry): expected key=value")
            }
            let key = entry[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw KafkaSecurityError(.invalidValue, "\(Flag.kafkaProperty) \(entry): the key is empty") }
            properties[key] = String(entry[entry.index(after: equals)...])
        }
        return properties
    }

    private static func sasl(_ options: KafkaSecurityOptions, passthrough: [String: String]) throws(KafkaSecurityError) -> SASL? {
        let given: [(Flag, String?)] = [
            (.saslMechanism, options.saslMechanism), (.saslUsername, options.saslUsername),
            (.saslPassword, options.saslPassword), (.saslPasswordFile, options.saslPasswordFile),
            (.oauthTokenEndpoint, options.oauthTokenEndpoint), (.oauthClientID, options.oauthClientID),
            (.oauthClientSecret, options.oauthClientSecret),
            (.oauthClientSecretFile, options.oauthClientSecretFile), (.oauthScope, options.oauthScope),
        ].filter { $0.1.nonEmpty != nil }
        guard options.saslEnabled else {
            if let flag = given.first?.0 { throw KafkaSecurityError(.flagWithoutFeature, "\(flag) needs \(Flag.saslEnabled)") }
            return nil
        }
        let spelling = options.saslMechanism.nonEmpty ?? "plain"
        guard let mechanism = SASLMechanism(spelling: spelling) else {
            throw KafkaSecurityError(
                .invalidValue, "\(Flag.saslMechanism) \(spelling): expected plain, scram-sha256, scram-sha512 or oauthbearer")
        }
        let oidcFlags = given.filter { $0.0.rawValue.hasPrefix("sasl.oauthbearer.") }
        let password = try Secret.from(
            value: options.saslPassword.nonEmpty, file: options.saslPasswordFile.nonEmpty, valueFlag: .saslPassword,
            fileFlag: .saslPasswordFile)
        guard mechanism == .oauthBearer else {
            if let flag = oidcFlags.first?.0 {
                throw KafkaSecurityError(.conflictingFlags, "\(flag) is only used with \(Flag.saslMechanism) oauthbearer")
            }
            let username = options.saslUsername.nonEmpty
            guard username != nil || passthrough["sasl.username"] != nil else {
                throw KafkaSecurityError(.missingValue, "\(Flag.saslUsername) is required for \(Flag.saslMechanism) \(mechanism.rawValue)")
            }
            guard password != nil || passthrough["sasl.password"] != nil else {
                throw KafkaSecurityError(
                    .missingValue,
                    "\(Flag.saslPasswordFile) (or \(Flag.saslPassword), or KAFKA_PULSE_SASL_PASSWORD) is required for \(Flag.saslMechanism) \(mechanism.rawValue)")
            }
            return SASL(mechanism: mechanism, username: username, password: password)
        }
        if let flag = given.first(where: { [.saslUsername, .saslPassword, .saslPasswordFile].contains($0.0) })?.0 {
            throw KafkaSecurityError(.conflictingFlags, "\(flag) is not used with \(Flag.saslMechanism) oauthbearer")
        }
        return SASL(mechanism: mechanism, oidc: try oidc(options, passthrough: passthrough))
    }

    /// OIDC client credentials, or nil when passed-through properties configure the token another
    /// way (librdkafka's unsecured test JWT, or a method of its own).
    private static func oidc(_ options: KafkaSecurityOptions, passthrough: [String: String]) throws(KafkaSecurityError)
        -> OIDCClientCredentials?
    {
        guard let endpoint = options.oauthTokenEndpoint.nonEmpty else {
            let configuredElsewhere = ["sasl.oauthbearer.method", "enable.sasl.oauthbearer.unsecure.jwt", "sasl.oauthbearer.config"]
                .contains { passthrough[$0] != nil }
            if configuredElsewhere { return nil }
            throw KafkaSecurityError(.missingValue, "\(Flag.oauthTokenEndpoint) is required for \(Flag.saslMechanism) oauthbearer")
        }
        guard endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://") else {
            throw KafkaSecurityError(.invalidValue, "\(Flag.oauthTokenEndpoint) \(endpoint): expected an http(s):// URL")
        }
        guard let clientID = options.oauthClientID.nonEmpty else {
            throw KafkaSecurityError(.missingValue, "\(Flag.oauthClientID) is required with \(Flag.oauthTokenEndpoint)")
        }
        let secret = try Secret.from(
            value: options.oauthClientSecret.nonEmpty, file: options.oauthClientSecretFile.nonEmpty,
            valueFlag: .oauthClientSecret, fileFlag: .oauthClientSecretFile)
        guard let secret else {
            throw KafkaSecurityError(
                .missingValue,
                "\(Flag.oauthClientSecretFile) (or \(Flag.oauthClientSecret)) is required with \(Flag.oauthTokenEndpoint)")
        }
        return OIDCClientCredentials(tokenEndpoint: endpoint, clientID: clientID, clientSecret: secret, scope: options.oauthScope.nonEmpty)
    }

    private static func tls(_ options: KafkaSecurityOptions) throws(KafkaSecurityError) -> TLS? {
        let given: [(Flag, Bool)] = [
            (.tlsCAFile, options.tlsCAFile.nonEmpty != nil), (.tlsCertFile, options.tlsCertFile.nonEmpty != nil),
            (.tlsKeyFile, options.tlsKeyFile.nonEmpty != nil), (.tlsKeyPassword, options.tlsKeyPassword.nonEmpty != nil),
            (.tlsKeyPasswordFile, options.tlsKeyPasswordFile.nonEmpty != nil),
            (.tlsInsecureSkipVerify, options.tlsInsecureSkipVerify),
        ]
        guard options.tlsEnabled else {
            if let flag = given.first(where: \.1)?.0 { throw KafkaSecurityError(.flagWithoutFeature, "\(flag) needs \(Flag.tlsEnabled)") }
            return nil
        }
        let certFile = options.tlsCertFile.nonEmpty
        let keyFile = options.tlsKeyFile.nonEmpty
        if certFile != nil, keyFile == nil {
            throw KafkaSecurityError(.missingValue, "\(Flag.tlsCertFile) needs \(Flag.tlsKeyFile) (the client certificate's private key)")
        }
        if keyFile != nil, certFile == nil {
            throw KafkaSecurityError(.missingValue, "\(Flag.tlsKeyFile) needs \(Flag.tlsCertFile) (the client certificate)")
        }
        let keyPassword = try Secret.from(
            value: options.tlsKeyPassword.nonEmpty, file: options.tlsKeyPasswordFile.nonEmpty, valueFlag: .tlsKeyPassword,
            fileFlag: .tlsKeyPasswordFile)
        if keyPassword != nil, keyFile == nil {
            throw KafkaSecurityError(.conflictingFlags, "\(Flag.tlsKeyPasswordFile) needs \(Flag.tlsKeyFile) (it decrypts that key)")
        }
        return TLS(
            caFile: options.tlsCAFile.nonEmpty, certFile: certFile, keyFile: keyFile, keyPassword: keyPassword,
            verifyServer: !options.tlsInsecureSkipVerify)
    }
}

extension Optional<String> {
    /// The string unless it is nil or empty.
    public var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
