import Foundation
import PulseCore

extension KafkaSecuritySettings {
    /// Checks at start-up that every file the worker's client will read is there and readable, so
    /// a typo is one line naming the flag instead of a sampling failure later. Contents are left
    /// to librdkafka, which rejects a bad certificate or key with its own text when the worker starts.
    public func checkFiles() throws(KafkaSecurityError) {
        for (flag, path, kind) in files {
            try Self.check(path, flag: flag, kind: kind)
        }
    }

    enum FileKind { case pem, caLocation, secret }

    var files: [(flag: KafkaSecurityFlag, path: String, kind: FileKind)] {
        var files: [(KafkaSecurityFlag, String, FileKind)] = []
        if case .file(let path) = sasl?.password { files.append((.saslPasswordFile, path, .secret)) }
        if case .file(let path) = sasl?.oidc?.clientSecret { files.append((.oauthClientSecretFile, path, .secret)) }
        if let tls {
            if let path = tls.caFile { files.append((.tlsCAFile, path, .caLocation)) }
            if let path = tls.certFile { files.append((.tlsCertFile, path, .pem)) }
            if let path = tls.keyFile { files.append((.tlsKeyFile, path, .pem)) }
            if case .file(let path) = tls.keyPassword { files.append((.tlsKeyPasswordFile, path, .secret)) }
        }
        return files
    }

    private static func check(_ path: String, flag: KafkaSecurityFlag, kind: FileKind) throws(KafkaSecurityError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw KafkaSecurityError(.unreadableFile, "\(flag) \(path): no such file")
        }
        // librdkafka's ssl.ca.location also takes a directory of hashed CA certificates.
        if isDirectory.boolValue, kind != .caLocation {
            throw KafkaSecurityError(.unreadableFile, "\(flag) \(path): is a directory, expected a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw KafkaSecurityError(.unreadableFile, "\(flag) \(path): not readable by this user")
        }
        if kind == .secret {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KafkaSecurityError(.unreadableFile, "\(flag) \(path): cannot be read")
            }
            guard !SecretFileText.value(of: [UInt8](data)).isEmpty else {
                throw KafkaSecurityError(.invalidValue, "\(flag) \(path): the file is empty")
            }
        }
    }
}
