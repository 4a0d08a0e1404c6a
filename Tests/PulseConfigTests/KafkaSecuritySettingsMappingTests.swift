import ArgumentParser
@testable import PulseConfig
import Testing

@Suite("Kafka security flags map onto librdkafka properties")
struct KafkaSecuritySettingsMappingTests {
    func settings(_ configure: (inout KafkaSecurityOptions) -> Void) throws -> KafkaSecuritySettings {
        // Parsed from nothing: every flag at its default, then set as a test needs.
        var flags = try KafkaSecurityOptions.parse([])
        configure(&flags)
        return try KafkaSecuritySettings(flags)
    }

    @Test("no flags: PLAINTEXT and nothing else")
    func plaintext() throws {
        let settings = try settings { _ in }
        #expect(settings.clientProperties == ["security.protocol": "PLAINTEXT"])
        #expect(settings.secretFiles.isEmpty)
        #expect(settings.warnings.isEmpty)
    }

    @Test("security.protocol follows from SASL and TLS", arguments: [
        (false, false, "PLAINTEXT"), (false, true, "SSL"), (true, false, "SASL_PLAINTEXT"), (true, true, "SASL_SSL"),
    ])
    func securityProtocol(sasl: Bool, tls: Bool, expected: String) throws {
        let settings = try settings {
            $0.saslEnabled = sasl
            $0.saslMechanism = "scram-sha512"
            if !sasl { $0.saslMechanism = nil }
            $0.saslUsername = sasl ? "alice" : nil
            $0.saslPasswordFile = sasl ? "/run/secrets/kafka" : nil
            $0.tlsEnabled = tls
        }
        #expect(settings.securityProtocol == expected)
        #expect(settings.clientProperties["security.protocol"] == expected)
    }

    @Test("SCRAM with a password file: the password is a secret file, never a property")
    func scramWithPasswordFile() throws {
        let settings = try settings {
            $0.saslEnabled = true
            $0.saslMechanism = "SCRAM-SHA-256"
            $0.saslUsername = "alice"
            $0.saslPasswordFile = "/run/secrets/kafka"
            $0.tlsEnabled = true
        }
        #expect(
            settings.clientProperties == [
                "security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-256", "sasl.username": "alice",
                "ssl.endpoint.identification.algorithm": "https", "enable.ssl.certificate.verification": "true",
            ])
        #expect(settings.secretFiles == ["sasl.password": "/run/secrets/kafka"])
    }

    @Test("PLAIN with a password value (flag or environment) becomes sasl.password; without TLS it warns")
    func plainWithPasswordValue() throws {
        let settings = try settings {
            $0.saslEnabled = true
            $0.saslUsername = "alice"
            $0.saslPassword = "s3cret"
        }
        #expect(settings.clientProperties["sasl.mechanism"] == "PLAIN")
        #expect(settings.clientProperties["sasl.password"] == "s3cret")
        #expect(settings.warnings.count == 1)
        #expect(settings.warnings.first?.contains("--sasl.mechanism plain") == true)
    }

    @Test("mutual TLS with an encrypted key: file locations, key password from a file, verification on")
    func mutualTLS() throws {
        let settings = try settings {
            $0.tlsEnabled = true
            $0.tlsCAFile = "/etc/kafka/ca.pem"
            $0.tlsCertFile = "/etc/kafka/client.pem"
            $0.tlsKeyFile = "/etc/kafka/client.key"
            $0.tlsKeyPasswordFile = "/run/secrets/key-password"
        }
        #expect(
            settings.clientProperties == [
                "security.protocol": "SSL", "ssl.ca.location": "/etc/kafka/ca.pem",
                "ssl.certificate.location": "/etc/kafka/client.pem", "ssl.key.location": "/etc/kafka/client.key",
                "ssl.endpoint.identification.algorithm": "https", "enable.ssl.certificate.verification": "true",
            ])
        #expect(settings.secretFiles == ["ssl.key.password": "/run/secrets/key-password"])
    }

    @Test("--tls.insecure-skip-tls-verify turns chain and hostname verification off, with a warning")
    func insecureSkipVerify() throws {
        let settings = try settings {
            $0.tlsEnabled = true
            $0.tlsInsecureSkipVerify = true
        }
        #expect(settings.clientProperties["ssl.endpoint.identification.algorithm"] == "none")
        #expect(settings.clientProperties["enable.ssl.certificate.verification"] == "false")
        #expect(settings.warnings.first?.contains("--tls.insecure-skip-tls-verify") == true)
    }

    @Test("OAUTHBEARER with OIDC client credentials")
    func oauthBearerOIDC() throws {
        let settings = try settings {
            $0.saslEnabled = true
            $0.saslMechanism = "OAUTHBEARER"
            $0.oauthTokenEndpoint = "https://idp.example/token"
            $0.oauthClientID = "kafka-pulse"
            $0.oauthClientSecretFile = "/run/secrets/oidc"
            $0.oauthScope = "kafka"
            $0.tlsEnabled = true
        }
        #expect(settings.clientProperties["sasl.mechanism"] == "OAUTHBEARER")
        #expect(settings.clientProperties["sasl.oauthbearer.method"] == "oidc")
        #expect(settings.clientProperties["sasl.oauthbearer.token.endpoint.url"] == "https://idp.example/token")
        #expect(settings.clientProperties["sasl.oauthbearer.client.id"] == "kafka-pulse")
        #expect(settings.clientProperties["sasl.oauthbearer.scope"] == "kafka")
        #expect(settings.clientProperties["sasl.oauthbearer.client.secret"] == nil)
        #expect(settings.secretFiles == ["sasl.oauthbearer.client.secret": "/run/secrets/oidc"])
    }

    @Test("--kafka.property is applied last and wins, also over a secret file")
    func passthroughWins() throws {
        let settings = try settings {
            $0.tlsEnabled = true
            $0.tlsCertFile = "/c.pem"
            $0.tlsKeyFile = "/k.pem"
            $0.tlsKeyPasswordFile = "/p"
            $0.kafkaProperties = [
                "ssl.endpoint.identification.algorithm=none", "socket.keepalive.enable=true", "ssl.key.password=inline",
                "client.rack = a=b",
            ]
        }
        #expect(settings.clientProperties["ssl.endpoint.identification.algorithm"] == "none")
        #expect(settings.clientProperties["socket.keepalive.enable"] == "true")
        #expect(settings.clientProperties["ssl.key.password"] == "inline")
        // Only the key is trimmed; the value is everything after the first '='.
        #expect(settings.clientProperties["client.rack"] == " a=b")
        #expect(settings.secretFiles.isEmpty)
    }

    @Test("every mechanism spelling operators bring", arguments: [
        ("plain", SASLMechanism.plain), ("PLAIN", .plain), ("scram-sha256", .scramSHA256), ("SCRAM-SHA-256", .scramSHA256),
        ("scram_sha_256", .scramSHA256), ("scram-sha512", .scramSHA512), ("SCRAM-SHA-512", .scramSHA512),
        ("oauthbearer", .oauthBearer), ("OAUTHBEARER", .oauthBearer),
    ])
    func mechanismSpellings(spelling: String, expected: SASLMechanism) {
        #expect(SASLMechanism(spelling: spelling) == expected)
    }

    @Test("unknown mechanisms are refused", arguments: ["gssapi", "scram", "sha256", "", "scram-sha-1"])
    func unknownMechanisms(spelling: String) {
        #expect(SASLMechanism(spelling: spelling) == nil)
    }
}
