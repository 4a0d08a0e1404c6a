/// How kafka-pulse authenticates to Kafka and encrypts the connection, checked and complete.
/// `clientProperties` and `secretFiles` (in `+Librdkafka`) turn it into librdkafka properties for
/// `KafkaSourceConfiguration`; building one from flags (in `+Flags`) is where bad input stops.
public struct KafkaSecuritySettings: Hashable, Sendable {
    public struct SASL: Hashable, Sendable {
        public var mechanism: SASLMechanism
        /// PLAIN and SCRAM only.
        public var username: String?
        public var password: Secret?
        /// OAUTHBEARER only; nil when the token comes from passed-through properties.
        public var oidc: OIDCClientCredentials?

        public init(mechanism: SASLMechanism, username: String? = nil, password: Secret? = nil, oidc: OIDCClientCredentials? = nil) {
            self.mechanism = mechanism
            self.username = username
            self.password = password
            self.oidc = oidc
        }
    }

    /// OAUTHBEARER tokens fetched by librdkafka (built with curl) with the client credentials grant.
    public struct OIDCClientCredentials: Hashable, Sendable {
        public var tokenEndpoint: String
        public var clientID: String
        public var clientSecret: Secret
        public var scope: String?

        public init(tokenEndpoint: String, clientID: String, clientSecret: Secret, scope: String? = nil) {
            self.tokenEndpoint = tokenEndpoint
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.scope = scope
        }
    }

    public struct TLS: Hashable, Sendable {
        /// PEM file (or directory) of CAs to trust; nil: the system's CAs.
        public var caFile: String?
        /// Client certificate and key for mutual TLS: both or neither.
        public var certFile: String?
        public var keyFile: String?
        public var keyPassword: Secret?
        /// Chain and hostname verification; off only on explicit request.
        public var verifyServer: Bool

        public init(
            caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, keyPassword: Secret? = nil,
            verifyServer: Bool = true
        ) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.keyPassword = keyPassword
            self.verifyServer = verifyServer
        }
    }

    public var sasl: SASL?
    public var tls: TLS?
    /// Any librdkafka property (`--kafka.property`), applied after the ones derived here, so it wins.
    public var passthrough: [String: String]

    public init(sasl: SASL? = nil, tls: TLS? = nil, passthrough: [String: String] = [:]) {
        self.sasl = sasl
        self.tls = tls
        self.passthrough = passthrough
    }

    /// librdkafka's `security.protocol`, derived from what is on.
    public var securityProtocol: String {
        switch (sasl != nil, tls != nil) {
        case (false, false): "PLAINTEXT"
        case (false, true): "SSL"
        case (true, false): "SASL_PLAINTEXT"
        case (true, true): "SASL_SSL"
        }
    }

    /// What an operator should hear about at start-up.
    public var warnings: [String] {
        var warnings: [String] = []
        if let tls, !tls.verifyServer {
            warnings.append(
                "--tls.insecure-skip-tls-verify: the broker's certificate chain and hostname are NOT verified; anyone on the path can read and change the traffic")
        }
        if sasl?.mechanism == .plain, tls == nil {
            warnings.append("--sasl.mechanism plain without --tls.enabled: the password crosses the network unencrypted")
        }
        return warnings
    }
}
