extension WebConfig {
    /// `tls_server_config`: serve HTTPS with this certificate and key, optionally asking clients for one.
    public struct TLSServer: Sendable, Equatable {
        public var certFile: String
        public var keyFile: String
        public var clientAuth: ClientAuth
        public var clientCAFile: String?
        public var minVersion: TLSVersion
        public var maxVersion: TLSVersion?

        public init(
            certFile: String, keyFile: String, clientAuth: ClientAuth = .noClientCert, clientCAFile: String? = nil,
            minVersion: TLSVersion = .tls12, maxVersion: TLSVersion? = nil
        ) {
            self.certFile = certFile
            self.keyFile = keyFile
            self.clientAuth = clientAuth
            self.clientCAFile = clientCAFile
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }
    }

    /// `client_auth_type`, Go's `tls.ClientAuthType` names.
    public enum ClientAuth: String, Sendable, CaseIterable {
        case noClientCert = "NoClientCert"
        case requestClientCert = "RequestClientCert"
        case requireAnyClientCert = "RequireAnyClientCert"
        case verifyClientCertIfGiven = "VerifyClientCertIfGiven"
        case requireAndVerifyClientCert = "RequireAndVerifyClientCert"
    }

    /// `min_version` / `max_version`: exporter-toolkit spells them TLS10 … TLS13.
    public enum TLSVersion: String, Sendable, CaseIterable, Comparable {
        case tls10 = "TLS10"
        case tls11 = "TLS11"
        case tls12 = "TLS12"
        case tls13 = "TLS13"

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }
}
