import Logging
import NIOCore
import NIOSSL
import PulseWebConfig
import Synchronization

/// Serves the certificate and key files as they are now, so a rotated certificate is used without
/// a restart. NIOSSL asks, once per TLS handshake, through `TLSConfiguration.sslContextCallback`;
/// the answer costs two `stat` calls unless a file changed. A changed pair is parsed and checked
/// (key matches certificate) before it is used; a bad one keeps the old pair and is logged once.
final class CertificateReloader: Sendable {
    struct Stamps: Equatable {
        let cert: FileStamp?
        let key: FileStamp?
    }

    struct State {
        var current: ServerCertificate
        var currentBytes: (cert: [UInt8], key: [UInt8])
        /// The files as they were when last looked at, good or bad: unchanged files are not re-read.
        var seen: Stamps
        /// False until a reload replaced the pair given at start-up.
        var reloaded: Bool
    }

    let certFile: String
    let keyFile: String
    let logger: Logger
    let state: Mutex<State>

    init(certFile: String, keyFile: String, logger: Logger) throws(WebConfigError) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.logger = logger
        let stamps = Stamps(cert: FileStamp(path: certFile), key: FileStamp(path: keyFile))
        let certPEM = try ConfigFile.bytes(path: certFile, key: ServerCertificate.certKey)
        let keyPEM = try ConfigFile.bytes(path: keyFile, key: ServerCertificate.keyKey)
        let initial = try ServerCertificate(certPEM: certPEM, keyPEM: keyPEM, certFile: certFile, keyFile: keyFile)
        state = Mutex(State(current: initial, currentBytes: (certPEM, keyPEM), seen: stamps, reloaded: false))
    }

    /// The pair to present on this handshake, reloaded first if the files changed.
    func override() -> NIOSSLContextConfigurationOverride {
        let stamps = Stamps(cert: FileStamp(path: certFile), key: FileStamp(path: keyFile))
        return state.withLock { state in
            if stamps != state.seen {
                state.seen = stamps
                reload(into: &state)
            }
            guard state.reloaded else { return .noChanges }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = state.current.chain.map { .certificate($0) }
            override.privateKey = .privateKey(state.current.key)
            return override
        }
    }

    private func reload(into state: inout State) {
        do {
            let certPEM = try ConfigFile.bytes(path: certFile, key: ServerCertificate.certKey)
            let keyPEM = try ConfigFile.bytes(path: keyFile, key: ServerCertificate.keyKey)
            guard certPEM != state.currentBytes.cert || keyPEM != state.currentBytes.key else { return }
            state.current = try ServerCertificate(certPEM: certPEM, keyPEM: keyPEM, certFile: certFile, keyFile: keyFile)
            state.currentBytes = (certPEM, keyPEM)
            state.reloaded = true
            logger.info("TLS certificate reloaded", metadata: ["pulse.cert_file": "\(certFile)", "pulse.key_file": "\(keyFile)"])
        } catch {
            // Logged once per change of the files: `seen` already holds these stamps.
            logger.error(
                "TLS certificate not reloaded, still serving the previous one: \(error)",
                metadata: ["pulse.cert_file": "\(certFile)", "pulse.key_file": "\(keyFile)"])
        }
    }

    var callback: NIOSSLContextCallback {
        { [self] _, promise in promise.succeed(override()) }
    }
}
