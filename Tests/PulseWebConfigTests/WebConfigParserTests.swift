import Foundation
import PulseWebConfig
import Testing

@Suite("Web config parser")
struct WebConfigParserTests {
    let parser = WebConfigParser(baseDirectory: "/etc/kafka-pulse")
    static let hash = "$2y$10$" + String(repeating: "a", count: 53)

    @Test("an empty file configures nothing, as in exporter-toolkit", arguments: ["", "---\n", "{}\n", "# nothing\n"])
    func emptyFile(text: String) throws {
        #expect(try parser.parse(text) == WebConfig())
    }

    @Test("every key the format defines is read; relative paths are resolved against the file's directory")
    func fullFile() throws {
        let text = """
            tls_server_config:
              cert_file: server.crt
              key_file: /secrets/server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              min_version: TLS13
              max_version: TLS13
              prefer_server_cipher_suites: true
            http_server_config:
              http2: false
              headers:
                X-Frame-Options: deny
                Strict-Transport-Security: max-age=31536000
            basic_auth_users:
              prometheus: '\(Self.hash)'
            """
        let config = try parser.parse(text)
        #expect(
            config.tlsServer
                == WebConfig.TLSServer(
                    certFile: "/etc/kafka-pulse/server.crt", keyFile: "/secrets/server.key", clientAuth: .requireAndVerifyClientCert,
                    clientCAFile: "/etc/kafka-pulse/ca.crt", minVersion: .tls13, maxVersion: .tls13))
        #expect(config.basicAuthUsers == ["prometheus": Self.hash])
        #expect(config.headers == ["X-Frame-Options": "deny", "Strict-Transport-Security": "max-age=31536000"])
    }

    @Test("TLS defaults: no client certificate, TLS 1.2 minimum, no maximum")
    func tlsDefaults() throws {
        let config = try parser.parse("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n")
        let tls = try #require(config.tlsServer)
        #expect(tls.clientAuth == .noClientCert)
        #expect(tls.minVersion == .tls12)
        #expect(tls.maxVersion == nil)
        #expect(tls.clientCAFile == nil)
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        let yaml: String
        let key: String
        let code: WebConfigError.Code
        var testDescription: String { "\(key) (\(code))" }
    }

    static let badFiles: [BadFile] = [
        BadFile(yaml: "tls_config: {}\n", key: "tls_config", code: .unknownKey),
        BadFile(yaml: "tls_server_config: [a]\n", key: "tls_server_config", code: .wrongType),
        BadFile(yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  certfile: c\n", key: "tls_server_config.certfile", code: .unknownKey),
        BadFile(yaml: "tls_server_config:\n  cert_file: [a]\n  key_file: b\n", key: "tls_server_config.cert_file", code: .wrongType),
        BadFile(yaml: "tls_server_config:\n  key_file: b\n", key: "tls_server_config.cert_file", code: .missingKey),
        BadFile(yaml: "tls_server_config:\n  cert_file: a\n", key: "tls_server_config.key_file", code: .missingKey),
        BadFile(
            yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n", key: "tls_server_config.min_version",
            code: .invalidValue),
        BadFile(
            yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n",
            key: "tls_server_config.max_version", code: .invalidValue),
        BadFile(
            yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireClientCert\n",
            key: "tls_server_config.client_auth_type", code: .invalidValue),
        BadFile(
            yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: ca.crt\n",
            key: "tls_server_config.client_ca_file", code: .invalidValue),
        BadFile(
            yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_allowed_sans: [x]\n",
            key: "tls_server_config.client_allowed_sans", code: .unsupportedKey),
        BadFile(
            yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  prefer_server_cipher_suites: maybe\n",
            key: "tls_server_config.prefer_server_cipher_suites", code: .wrongType),
        BadFile(yaml: "basic_auth_users: [alice]\n", key: "basic_auth_users", code: .wrongType),
        BadFile(yaml: "basic_auth_users:\n  alice: hunter2\n", key: "basic_auth_users.alice", code: .invalidValue),
        BadFile(yaml: "basic_auth_users:\n  alice: {a: b}\n", key: "basic_auth_users.alice", code: .wrongType),
        BadFile(yaml: "http_server_config:\n  http3: true\n", key: "http_server_config.http3", code: .unknownKey),
        BadFile(yaml: "http_server_config:\n  http2: maybe\n", key: "http_server_config.http2", code: .wrongType),
        BadFile(yaml: "http_server_config:\n  headers: [a]\n", key: "http_server_config.headers", code: .wrongType),
        BadFile(
            yaml: "http_server_config:\n  headers:\n    Server: nginx\n", key: "http_server_config.headers.Server", code: .unknownKey),
        BadFile(
            yaml: "http_server_config:\n  headers:\n    X-Frame-Options: allow\n", key: "http_server_config.headers.X-Frame-Options",
            code: .invalidValue),
        BadFile(yaml: "rate_limit:\n  interval: 1s\n", key: "rate_limit", code: .unsupportedKey),
    ]

    @Test("each bad input is an error naming its key", arguments: badFiles)
    func errorNamesKey(bad: BadFile) {
        #expect {
            _ = try parser.parse(bad.yaml)
        } throws: { error in
            guard let error = error as? WebConfigError else { return false }
            return error.key == bad.key && error.code == bad.code && "\(error)".contains(bad.key)
        }
    }

    @Test("the error gives the line of the offending key")
    func errorLine() throws {
        let text = "basic_auth_users:\n  alice: '\(Self.hash)'\ntls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: SSL3\n"
        let error = try #require(throws: WebConfigError.self) { try parser.parse(text) }
        #expect(error.line == 6)
        #expect("\(error)".hasPrefix("line 6: tls_server_config.min_version: SSL3: expected one of TLS10, TLS11, TLS12, TLS13"))
    }

    @Test("YAML that does not parse is one line naming the problem")
    func invalidYAML() throws {
        let error = try #require(throws: WebConfigError.self) { try parser.parse("tls_server_config:\n  cert_file: [a\n") }
        #expect(error.code == .invalidYAML)
        #expect(!"\(error)".contains("\n"))
    }

    @Test("a key given twice is refused, naming it")
    func duplicateKey() throws {
        let text = "basic_auth_users:\n  alice: '\(Self.hash)'\n  alice: '\(Self.hash)'\n"
        let error = try #require(throws: WebConfigError.self) { try parser.parse(text) }
        #expect(error.code == .invalidYAML)
        #expect("\(error)".contains("duplicated key(s): 'alice'"))
    }

    @Test("a file that cannot be read names the file and the reason")
    func unreadableFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)/web.yml"
        let error = try #require(throws: WebConfigError.self) { try WebConfigParser.load(path: path) }
        #expect(error.code == .unreadableFile)
        #expect("\(error)".contains(path))
        #expect("\(error)".contains("No such file"))
    }

    @Test("bcrypt hash shapes: $2a$, $2b$, $2y$ with a cost from 4 to 31 and 53 characters", arguments: [
        ("$2b$04$" + String(repeating: ".", count: 53), true),
        ("$2a$31$" + String(repeating: "Z", count: 53), true),
        ("$2x$10$" + String(repeating: "a", count: 53), false),
        ("$2y$03$" + String(repeating: "a", count: 53), false),
        ("$2y$10$" + String(repeating: "a", count: 52), false),
        ("$2y$10$" + String(repeating: "a", count: 52) + "!", false),
    ])
    func bcryptShape(hash: String, valid: Bool) {
        let result = Result { try parser.parse("basic_auth_users:\n  u: '\(hash)'\n") }
        #expect(((try? result.get()) != nil) == valid)
    }
}
