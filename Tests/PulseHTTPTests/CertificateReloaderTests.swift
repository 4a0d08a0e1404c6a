import Foundation
import Glibc
import InMemoryLogging
import Logging
import NIOSSL
import PulseWebConfig
import Synchronization
import Testing

@testable import PulseHTTP

/// Rotation of the server certificate files, through the callback NIOSSL calls per handshake.
/// (That a real handshake presents the new certificate is in test-suites/integration/test_web_security.py.)
@Suite("Certificate reloader")
struct CertificateReloaderTests {
    struct Files {
        let directory: URL
        var cert: String { directory.appendingPathComponent("server.crt").path }
        var key: String { directory.appendingPathComponent("server.key").path }

        /// Renames `name`.crt/.key over server.crt/.key, as a rotation does.
        func rotate(to name: String, only ext: String? = nil) throws {
            for ext in ext.map({ [$0] }) ?? ["crt", "key"] {
                let source = directory.appendingPathComponent("\(name).\(ext)").path
                guard rename(source, directory.appendingPathComponent("server.\(ext)").path) == 0 else {
                    throw OpenSSL.Failure(description: "rename \(source): errno \(errno)")
                }
            }
        }
    }

    static func files() throws -> Files {
        let directory = try OpenSSL.temporaryDirectory()
        try OpenSSL.selfSigned(commonName: "first", name: "server", in: directory)
        return Files(directory: directory)
    }

    /// Fresh files and a reloader watching them, logging into memory.
    static func watchedFiles() throws -> (Files, CertificateReloader, InMemoryLogHandler) {
        let files = try files()
        let logs = InMemoryLogHandler()
        let reloader = try CertificateReloader(
            certFile: files.cert, keyFile: files.key, logger: Logger(label: "test", factory: { _ in logs }))
        return (files, reloader, logs)
    }

    @Test("unchanged files: no override, the start-up pair stays")
    func unchanged() throws {
        let files = try Self.files()
        let reloader = try CertificateReloader(certFile: files.cert, keyFile: files.key, logger: Logger(label: "test"))
        #expect(reloader.override().certificateChain == nil)
        #expect(reloader.override().privateKey == nil)
    }

    @Test("new files are served from the next handshake on, and logged once")
    func rotation() throws {
        let (files, reloader, logs) = try Self.watchedFiles()
        try OpenSSL.selfSigned(commonName: "second", name: "next", in: files.directory)
        try files.rotate(to: "next")
        let first = reloader.override()
        let chain = try #require(first.certificateChain)
        #expect(chain.count == 1)
        #expect(first.privateKey != nil)
        let expected = try NIOSSLCertificate.fromPEMFile(files.cert)
        #expect(chain.map { source -> NIOSSLCertificate? in if case .certificate(let c) = source { c } else { nil } } == expected)
        _ = reloader.override()
        #expect(logs.entries.filter { $0.message.description == "TLS certificate reloaded" }.count == 1)
    }

    @Test("a bad new certificate keeps the old pair in use, logged once, until good files arrive")
    func badRotationKeepsOld() throws {
        let (files, reloader, logs) = try Self.watchedFiles()
        let original = try NIOSSLCertificate.fromPEMFile(files.cert)
        try Data("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: files.cert))
        for _ in 0..<3 { #expect(reloader.override().certificateChain == nil) }
        #expect(reloader.state.withLock { $0.current.chain } == original)
        let errors = logs.entries.filter { $0.level == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.message.description.contains("tls_server_config.cert_file") == true)

        // A key from another pair: also refused, the pair must match.
        try OpenSSL.selfSigned(commonName: "second", name: "other", in: files.directory)
        try files.rotate(to: "other", only: "crt")
        #expect(reloader.override().certificateChain == nil)
        #expect(logs.entries.filter { $0.level == .error }.count == 2)
        #expect(logs.entries.last?.message.description.contains("does not match") == true)

        // The matching key arrives: the new pair is served.
        try files.rotate(to: "other", only: "key")
        #expect(reloader.override().certificateChain != nil)
    }

    @Test("start-up errors name the key: missing file, not PEM, key not matching", arguments: ["cert", "key", "mismatch"])
    func startupErrors(what: String) throws {
        let files = try Self.files()
        var certFile = files.cert, keyFile = files.key, expectedKey = "tls_server_config.key_file"
        switch what {
        case "cert":
            certFile = files.directory.appendingPathComponent("missing.crt").path
            expectedKey = "tls_server_config.cert_file"
        case "key":
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: keyFile))
        default:
            try OpenSSL.selfSigned(commonName: "x", name: "other", in: files.directory)
            keyFile = files.directory.appendingPathComponent("other.key").path
        }
        let error = try #require(throws: WebConfigError.self) {
            _ = try CertificateReloader(certFile: certFile, keyFile: keyFile, logger: Logger(label: "test"))
        }
        #expect(error.key == expectedKey)
        #expect(!"\(error)".contains("\n"))
    }
}
