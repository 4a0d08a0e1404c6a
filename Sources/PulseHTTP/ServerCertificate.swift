import NIOSSL
import PulseWebConfig

/// A certificate chain and its private key, parsed from PEM and checked to belong together.
struct ServerCertificate: Sendable {
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey

    static let certKey = "tls_server_config.cert_file"
    static let keyKey = "tls_server_config.key_file"

    init(certPEM: [UInt8], keyPEM: [UInt8], certFile: String, keyFile: String) throws(WebConfigError) {
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(certPEM)
        } catch {
            throw WebConfigError(.invalidValue, key: Self.certKey, "\(certFile): not a PEM certificate (\(Self.oneLine(error)))")
        }
        guard !chain.isEmpty else {
            throw WebConfigError(.invalidValue, key: Self.certKey, "\(certFile): no PEM certificate in the file")
        }
        do {
            key = try NIOSSLPrivateKey(bytes: keyPEM, format: .pem)
        } catch {
            throw WebConfigError(.invalidValue, key: Self.keyKey, "\(keyFile): not a PEM private key (\(Self.oneLine(error)))")
        }
        // BoringSSL refuses a key that does not match the certificate when both go into one context.
        do {
            var probe = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            probe.minimumTLSVersion = .tlsv12
            _ = try NIOSSLContext(configuration: probe)
        } catch {
            throw WebConfigError(.invalidValue, key: Self.keyKey, "\(keyFile): does not match the certificate in \(certFile) (\(Self.oneLine(error)))")
        }
    }

    init(files tls: WebConfig.TLSServer) throws(WebConfigError) {
        try self.init(
            certPEM: try ConfigFile.bytes(path: tls.certFile, key: Self.certKey),
            keyPEM: try ConfigFile.bytes(path: tls.keyFile, key: Self.keyKey), certFile: tls.certFile, keyFile: tls.keyFile)
    }

    /// NIOSSL's error descriptions can span lines; a start-up error is one.
    static func oneLine(_ error: any Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
