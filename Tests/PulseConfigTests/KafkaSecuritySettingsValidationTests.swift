import Foundation
import ArgumentParser
@testable import PulseConfig
import Testing

@Suite("Kafka security flags: bad input is one line naming the flag")
struct KafkaSecuritySettingsValidationTests {
    func error(_ configure: (inout KafkaSecurityOptions) -> Void) -> KafkaSecurityError? {
        do {
            // Parsed from nothing: every flag at its default, then set as a test needs.
            var flags = try KafkaSecurityOptions.parse([])
            configure(&flags)
            let settings = try KafkaSecuritySettings(flags)
            try settings.checkFiles()
            return nil
        } catch let error as KafkaSecurityError {
            return error
        } catch {
            Issue.record("no flags given, yet: \(error)")
            return nil
        }
    }

    func sasl(_ flags: inout KafkaSecurityOptions, mechanism: String = "scram-sha512") {
        flags.saslEnabled = true
        flags.saslMechanism = mechanism
    }

    @Test("PLAIN and SCRAM need a username and a password")
    func usernameAndPasswordRequired() {
        let noUser = error {
            sasl(&$0)
            $0.saslPassword = "pw"
        }
        #expect(noUser?.message == "--sasl.username is required for --sasl.mechanism scram-sha512")
        let noPassword = error {
            sasl(&$0, mechanism: "plain")
            $0.saslUsername = "alice"
        }
        #expect(noPassword?.code == .missingValue)
        #expect(noPassword?.message.hasPrefix("--sasl.password-file") == true)
    }

    @Test("an empty value counts as not given (an empty environment variable)")
    func emptyIsMissing() {
        let failure = error {
            sasl(&$0)
            $0.saslUsername = "alice"
            $0.saslPassword = ""
        }
        #expect(failure?.code == .missingValue)
    }

    @Test("password and password file together are refused")
    func passwordTwice() {
        let failure = error {
            sasl(&$0)
            $0.saslUsername = "alice"
            $0.saslPassword = "pw"
            $0.saslPasswordFile = "/run/secrets/pw"
        }
        #expect(failure?.message == "--sasl.password and --sasl.password-file: give one of them, not both")
    }

    @Test("SASL and TLS flags need their --*.enabled switch")
    func flagsWithoutSwitch() {
        #expect(error { $0.saslUsername = "alice" }?.message == "--sasl.username needs --sasl.enabled")
        #expect(error { $0.tlsCAFile = "/ca.pem" }?.message == "--tls.ca-file needs --tls.enabled")
        #expect(error { $0.tlsInsecureSkipVerify = true }?.message == "--tls.insecure-skip-tls-verify needs --tls.enabled")
    }

    @Test("an unknown mechanism names the accepted ones")
    func unknownMechanism() {
        let failure = error { sasl(&$0, mechanism: "gssapi") }
        #expect(failure?.message == "--sasl.mechanism gssapi: expected plain, scram-sha256, scram-sha512 or oauthbearer")
    }

    @Test("OAUTHBEARER needs a token endpoint, a client id and a secret; password flags do not apply")
    func oauthBearerRequirements() {
        #expect(error { sasl(&$0, mechanism: "oauthbearer") }?.message.hasPrefix("--sasl.oauthbearer.token-endpoint is required") == true)
        let noID = error {
            sasl(&$0, mechanism: "oauthbearer")
            $0.oauthTokenEndpoint = "https://idp/token"
            $0.oauthClientSecret = "x"
        }
        #expect(noID?.message.hasPrefix("--sasl.oauthbearer.client-id is required") == true)
        let noSecret = error {
            sasl(&$0, mechanism: "oauthbearer")
            $0.oauthTokenEndpoint = "https://idp/token"
            $0.oauthClientID = "id"
        }
        #expect(noSecret?.message.hasPrefix("--sasl.oauthbearer.client-secret-file") == true)
        let notURL = error {
            sasl(&$0, mechanism: "oauthbearer")
            $0.oauthTokenEndpoint = "idp/token"
        }
        #expect(notURL?.code == .invalidValue)
        let password = error {
            sasl(&$0, mechanism: "oauthbearer")
            $0.saslPasswordFile = "/pw"
        }
        #expect(password?.message == "--sasl.password-file is not used with --sasl.mechanism oauthbearer")
        let oidcWithScram = error {
            sasl(&$0)
            $0.saslUsername = "alice"
            $0.saslPassword = "pw"
            $0.oauthScope = "kafka"
        }
        #expect(oidcWithScram?.message == "--sasl.oauthbearer.scope is only used with --sasl.mechanism oauthbearer")
    }

    @Test("OAUTHBEARER configured through passed-through properties needs no token endpoint")
    func oauthBearerThroughProperties() {
        #expect(
            error {
                sasl(&$0, mechanism: "oauthbearer")
                $0.kafkaProperties = ["enable.sasl.oauthbearer.unsecure.jwt=true"]
            } == nil)
    }

    @Test("a client certificate needs its key and the other way round; a key password needs a key")
    func certificateAndKey() {
        #expect(
            error {
                $0.tlsEnabled = true
                $0.tlsCertFile = "/c.pem"
            }?.message.hasPrefix("--tls.cert-file needs --tls.key-file") == true)
        #expect(
            error {
                $0.tlsEnabled = true
                $0.tlsKeyFile = "/k.pem"
            }?.message.hasPrefix("--tls.key-file needs --tls.cert-file") == true)
        #expect(
            error {
                $0.tlsEnabled = true
                $0.tlsKeyPassword = "pw"
            }?.code == .conflictingFlags)
    }

    @Test("--kafka.property without '=' or with an empty key")
    func malformedProperty() {
        #expect(error { $0.kafkaProperties = ["debug"] }?.message == "--kafka.property debug: expected key=value")
        #expect(error { $0.kafkaProperties = [" =x"] }?.message == "--kafka.property  =x: the key is empty")
    }

    @Test("missing, unreadable, directory and empty files are named with their flag")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty").path
        let newlineOnly = directory.appendingPathComponent("newline").path
        let password = directory.appendingPathComponent("password").path
        try Data().write(to: URL(fileURLWithPath: empty))
        try Data("\n".utf8).write(to: URL(fileURLWithPath: newlineOnly))
        try Data("pw\n".utf8).write(to: URL(fileURLWithPath: password))

        func withPasswordFile(_ path: String) -> KafkaSecurityError? {
            error {
                sasl(&$0)
                $0.saslUsername = "alice"
                $0.saslPasswordFile = path
            }
        }
        #expect(withPasswordFile(password) == nil)
        #expect(withPasswordFile(directory.appendingPathComponent("nope").path)?.message.hasSuffix(": no such file") == true)
        #expect(withPasswordFile(empty)?.message == "--sasl.password-file \(empty): the file is empty")
        #expect(withPasswordFile(newlineOnly)?.code == .invalidValue)
        #expect(withPasswordFile(directory.path)?.message.hasSuffix("is a directory, expected a file") == true)
        // librdkafka takes a directory of CA certificates.
        #expect(
            error {
                $0.tlsEnabled = true
                $0.tlsCAFile = directory.path
            } == nil)
        #expect(
            error {
                $0.tlsEnabled = true
                $0.tlsCertFile = password
                $0.tlsKeyFile = directory.appendingPathComponent("client.key").path
            }?.message.hasPrefix("--tls.key-file ") == true)
    }

    @Test("parsing checks the flags and files once; the exporter then uses that checked value")
    func settingsAreCheckedOnceAtParse() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kp-pw-\(UUID().uuidString)").path
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: path))
        let options = try KafkaSecurityOptions.parse([
            "--sasl.enabled", "--sasl.mechanism", "plain", "--sasl.username", "u", "--sasl.password-file", path,
        ])
        // Gone after parsing: a second check would fail; the value checked at parse is what is used.
        try FileManager.default.removeItem(atPath: path)
        #expect(try options.settings().sasl?.password == .file(path: path))
    }
}
