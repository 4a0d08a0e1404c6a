extension KafkaSecuritySettings {
    /// The librdkafka properties these settings stand for, secrets given as values included (the
    /// worker gets them over stdin, never argv). `--kafka.property` entries come last and win.
    public var clientProperties: [String: String] {
        var properties = ["security.protocol": securityProtocol]
        if let sasl {
            properties["sasl.mechanism"] = sasl.mechanism.librdkafkaName
            properties["sasl.username"] = sasl.username
            if case .value(let password) = sasl.password { properties["sasl.password"] = password }
            if let oidc = sasl.oidc {
                properties["sasl.oauthbearer.method"] = "oidc"
                properties["sasl.oauthbearer.token.endpoint.url"] = oidc.tokenEndpoint
                properties["sasl.oauthbearer.client.id"] = oidc.clientID
                properties["sasl.oauthbearer.scope"] = oidc.scope
                if case .value(let secret) = oidc.clientSecret { properties["sasl.oauthbearer.client.secret"] = secret }
            }
        }
        if let tls {
            properties["ssl.ca.location"] = tls.caFile
            properties["ssl.certificate.location"] = tls.certFile
            properties["ssl.key.location"] = tls.keyFile
            if case .value(let password) = tls.keyPassword { properties["ssl.key.password"] = password }
            // librdkafka's default is already https (on) since 2.0; saying so keeps a passed-through
            // default from another client's config from silently turning it off.
            properties["ssl.endpoint.identification.algorithm"] = tls.verifyServer ? "https" : "none"
            properties["enable.ssl.certificate.verification"] = tls.verifyServer ? "true" : "false"
        }
        properties.merge(passthrough) { _, passedThrough in passedThrough }
        return properties
    }

    /// Secrets the worker reads from files when it builds its client: librdkafka property -> path.
    /// A `--kafka.property` for the same property wins over the file.
    public var secretFiles: [String: String] {
        var files: [String: String] = [:]
        if case .file(let path) = sasl?.password { files["sasl.password"] = path }
        if case .file(let path) = sasl?.oidc?.clientSecret { files["sasl.oauthbearer.client.secret"] = path }
        if case .file(let path) = tls?.keyPassword { files["ssl.key.password"] = path }
        return files.filter { passthrough[$0.key] == nil }
    }
}
