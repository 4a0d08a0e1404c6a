import Foundation
import Yams

/// Reads the exporter-toolkit web configuration (the format `promtool check web-config` checks).
///
/// Strict like exporter-toolkit: an unknown key or a wrong type is an error naming the key. Keys
/// that exporter-toolkit knows but kafka-pulse does not implement are rejected, not ignored, when
/// ignoring them would weaken security (`client_allowed_sans`, `cipher_suites`, …); `http2` and
/// `prefer_server_cipher_suites` only tune performance and are accepted so that existing files
/// work unchanged.
public struct WebConfigParser: Sendable {
    /// Relative file paths in the config are resolved against this directory (the config file's),
    /// as exporter-toolkit does.
    public let baseDirectory: String

    public init(baseDirectory: String) {
        self.baseDirectory = baseDirectory
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(WebConfigError) -> WebConfig {
        let text = String(decoding: try ConfigFile.bytes(path: path, key: ""), as: UTF8.self)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try WebConfigParser(baseDirectory: directory).parse(text)
    }

    public func parse(_ text: String) throws(WebConfigError) -> WebConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw WebConfigError(.invalidYAML, key: "", "not valid YAML: \(Self.oneLine(error))")
        }
        guard let root, root.tag != Tag(.null) else { return WebConfig() }
        let top = try YAMLMap(root, key: "")
        var config = WebConfig()
        for (key, value) in top.entries {
            switch key.name {
            case "tls_server_config": config.tlsServer = try tlsServer(value, key: key.name)
            case "basic_auth_users": config.basicAuthUsers = try basicAuthUsers(value, key: key.name)
            case "http_server_config": config.headers = try httpServerConfig(value, key: key.name)
            case "rate_limit":
                throw WebConfigError(.unsupportedKey, key: key.name, line: key.line, "not supported by kafka-pulse")
            default:
                throw WebConfigError(.unknownKey, key: key.name, line: key.line, "unknown key")
            }
        }
        return config
    }

    func tlsServer(_ node: Node, key: String) throws(WebConfigError) -> WebConfig.TLSServer? {
        let map = try YAMLMap(node, key: key)
        var certFile = "", keyFile = "", clientCAFile: String?
        var clientAuth = WebConfig.ClientAuth.noClientCert
        var minVersion = WebConfig.TLSVersion.tls12, maxVersion: WebConfig.TLSVersion?
        for (entry, value) in map.entries {
            let path = "\(key).\(entry.name)"
            switch entry.name {
            case "cert_file": certFile = try YAMLMap.string(value, key: path)
            case "key_file": keyFile = try YAMLMap.string(value, key: path)
            case "client_ca_file":
                let file = try YAMLMap.string(value, key: path)
                clientCAFile = file.isEmpty ? nil : file
            case "client_auth_type":
                let text = try YAMLMap.string(value, key: path)
                if text.isEmpty { break }
                guard let parsed = WebConfig.ClientAuth(rawValue: text) else {
                    throw Self.invalid(path, value, text, WebConfig.ClientAuth.allCases.map(\.rawValue))
                }
                clientAuth = parsed
            case "min_version", "max_version":
                let text = try YAMLMap.string(value, key: path)
                guard let version = WebConfig.TLSVersion(rawValue: text) else {
                    throw Self.invalid(path, value, text, WebConfig.TLSVersion.allCases.map(\.rawValue))
                }
                if entry.name == "min_version" { minVersion = version } else { maxVersion = version }
            case "prefer_server_cipher_suites": _ = try YAMLMap.bool(value, key: path)
            case "cert", "key", "client_ca", "client_allowed_sans", "cipher_suites", "curve_preferences":
                throw WebConfigError(.unsupportedKey, key: path, line: entry.line, "not supported by kafka-pulse")
            default:
                throw WebConfigError(.unknownKey, key: path, line: entry.line, "unknown key")
            }
        }
        if map.entries.isEmpty { return nil }
        guard !certFile.isEmpty else { throw WebConfigError(.missingKey, key: "\(key).cert_file", line: map.line, "missing") }
        guard !keyFile.isEmpty else { throw WebConfigError(.missingKey, key: "\(key).key_file", line: map.line, "missing") }
        // As exporter-toolkit: a CA without a policy that asks for certificates is a mistake; a
        // verifying policy without a CA verifies against the system's roots.
        if clientCAFile != nil && clientAuth == .noClientCert {
            throw WebConfigError(
                .invalidValue, key: "\(key).client_ca_file", line: map.line,
                "set, but client_auth_type is NoClientCert: no client certificate is asked for")
        }
        if let maxVersion, maxVersion < minVersion {
            throw WebConfigError(
                .invalidValue, key: "\(key).max_version", line: map.line,
                "\(maxVersion.rawValue) is below min_version \(minVersion.rawValue)")
        }
        return WebConfig.TLSServer(
            certFile: resolve(certFile), keyFile: resolve(keyFile), clientAuth: clientAuth,
            clientCAFile: clientCAFile.map(resolve), minVersion: minVersion, maxVersion: maxVersion)
    }

    func basicAuthUsers(_ node: Node, key: String) throws(WebConfigError) -> [String: String] {
        var users: [String: String] = [:]
        for (user, value) in try YAMLMap(node, key: key).entries {
            let path = "\(key).\(user.name)"
            let hash = try YAMLMap.string(value, key: path)
            guard BcryptHashFormat.isValid(hash) else {
                throw WebConfigError(
                    .invalidValue, key: path, line: value.mark?.line,
                    "not a bcrypt hash (expected $2a$, $2b$ or $2y$, a cost and 53 characters)")
            }
            users[user.name] = hash
        }
        return users
    }

    func httpServerConfig(_ node: Node, key: String) throws(WebConfigError) -> [String: String] {
        var headers: [String: String] = [:]
        for (entry, value) in try YAMLMap(node, key: key).entries {
            let path = "\(key).\(entry.name)"
            switch entry.name {
            case "http2": _ = try YAMLMap.bool(value, key: path)  // HTTP/1.1 is all a scrape needs
            case "headers":
                for (header, headerValue) in try YAMLMap(value, key: path).entries {
                    let headerPath = "\(path).\(header.name)"
                    let text = try YAMLMap.string(headerValue, key: headerPath)
                    try ResponseHeaderRules.check(name: header.name, value: text, key: headerPath, line: header.line)
                    headers[header.name] = text
                }
            default:
                throw WebConfigError(.unknownKey, key: path, line: entry.line, "unknown key")
            }
        }
        return headers
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: baseDirectory + "/")).path
    }

    static func invalid(_ key: String, _ node: Node, _ text: String, _ allowed: [String]) -> WebConfigError {
        WebConfigError(.invalidValue, key: key, line: node.mark?.line, "\(text): expected one of \(allowed.joined(separator: ", "))")
    }

    static func oneLine(_ error: any Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
