import PulseCore
import Testing

@Suite("Client properties shown in logs and on pages never carry a secret")
struct RedactedClientPropertiesTests {
    @Test("secret-bearing properties are masked, everything else stays readable")
    func masksSecrets() {
        let redacted = RedactedClientProperties(
            [
                "security.protocol": "SASL_SSL", "sasl.username": "alice", "sasl.password": "hunter2",
                "ssl.key.password": "k3y", "ssl.key.pem": "-----BEGIN PRIVATE KEY-----", "sasl.oauthbearer.client.secret": "s",
                "sasl.oauthbearer.config": "principal=admin token=abc", "ssl.key.location": "/etc/kafka/client.key",
                "ssl.keystore.password": "ks", "sasl.jaas.config": "x", "Some.Plugin.Secret.Thing": "y",
            ], secretFiles: ["sasl.password": "/run/secrets/pw"])
        let text = redacted.description
        for secret in ["hunter2", "k3y", "BEGIN PRIVATE KEY", "principal=admin", "token=abc", "ks", "=x", "=y"] {
            #expect(!text.contains(secret), "\(secret) leaked into \(text)")
        }
        #expect(text.contains("security.protocol=SASL_SSL"))
        #expect(text.contains("sasl.username=alice"))
        #expect(text.contains("ssl.key.location=/etc/kafka/client.key"))
        #expect(text.contains("sasl.password=[redacted] (from file /run/secrets/pw)"))
    }

    @Test("entries are sorted by property name, so a log line is stable")
    func sorted() {
        let redacted = RedactedClientProperties(["b": "2", "a": "1", "c": "3"])
        #expect(redacted.description == "a=1, b=2, c=3")
    }
}
