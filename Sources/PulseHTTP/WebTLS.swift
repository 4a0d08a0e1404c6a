public import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
public import PulseWebConfig
import Synchronization

/// Turns `tls_server_config` into Hummingbird's TLS channel configuration. Files are read and
/// checked here, at start-up: an unreadable or unparsable one is an error naming its key.
public enum WebTLS {
    public static func channelConfiguration(
        _ tls: WebConfig.TLSServer, logger: Logger
    ) throws(WebConfigError) -> TLSChannelConfiguration {
        let reloader = try CertificateReloader(certFile: tls.certFile, keyFile: tls.keyFile, logger: logger)
        let initial = reloader.state.withLock { $0.current }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: initial.chain.map { .certificate($0) }, privateKey: .privateKey(initial.key))
        configuration.minimumTLSVersion = version(tls.minVersion)
        configuration.maximumTLSVersion = tls.maxVersion.map(version)
        configuration.sslContextCallback = reloader.callback
        if let caFile = tls.clientCAFile {
            let key = "tls_server_config.client_ca_file"
            let pem = try ConfigFile.bytes(path: caFile, key: key)
            let authorities: [NIOSSLCertificate]
            do {
                authorities = try NIOSSLCertificate.fromPEMBytes(pem)
            } catch {
                throw WebConfigError(.invalidValue, key: key, "\(caFile): not a PEM certificate (\(ServerCertificate.oneLine(error)))")
            }
            guard !authorities.isEmpty else { throw WebConfigError(.invalidValue, key: key, "\(caFile): no PEM certificate in the file") }
            configuration.trustRoots = .certificates(authorities)
            configuration.sendCANameList = true
        }
        // Go's policies: which ones ask for a certificate, require one, and verify it against the CA.
        switch tls.clientAuth {
        case .noClientCert:
            configuration.certificateVerification = .none
        case .verifyClientCertIfGiven:
            configuration.certificateVerification = .optionalVerification
        case .requireAndVerifyClientCert:
            configuration.certificateVerification = .noHostnameVerification
        case .requestClientCert:
            configuration.certificateVerification = .optionalVerification
            return TLSChannelConfiguration(tlsConfiguration: configuration, customVerificationCallback: acceptAny)
        case .requireAnyClientCert:
            configuration.certificateVerification = .noHostnameVerification
            return TLSChannelConfiguration(tlsConfiguration: configuration, customVerificationCallback: acceptAny)
        }
        return TLSChannelConfiguration(tlsConfiguration: configuration)
    }

    /// RequestClientCert and RequireAnyClientCert take any certificate, as Go does: they only ask.
    static let acceptAny: TLSChannelConfiguration.CustomVerificationCallback = { _, promise in
        promise.succeed(.certificateVerified)
    }

    static func version(_ version: WebConfig.TLSVersion) -> TLSVersion {
        switch version {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }
}
