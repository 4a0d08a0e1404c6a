import PulseCore
import Testing

@Suite("librdkafka's own lines lose every secret")
struct SecretMaskTests {
    let mask = SecretMask(properties: [
        "sasl.password": "hunter2-long", "sasl.oauthbearer.client.secret": "oidc-s3cret", "ssl.key.password": "abc",
        "sasl.username": "alice", "ssl.ca.location": "/etc/ca.pem",
    ])

    @Test("the configuration dump line of a secret property is masked, by key, whatever its value")
    func configurationDump() {
        #expect(mask.apply("[thrd:app]:   sasl.oauthbearer.client.secret = oidc-s3cret") == "[thrd:app]:   sasl.oauthbearer.client.secret = [redacted]")
        #expect(mask.apply("[thrd:app]:   ssl.key.password = abc") == "[thrd:app]:   ssl.key.password = [redacted]")
        #expect(mask.apply("[thrd:app]:   my.plugin.token = t") == "[thrd:app]:   my.plugin.token = [redacted]")
    }

    @Test("a secret value anywhere else in a line is masked too")
    func valueAnywhere() {
        #expect(mask.apply("auth failed for hunter2-long at broker 1") == "auth failed for [redacted] at broker 1")
    }

    @Test("harmless lines and short values stay as they are")
    func harmless() {
        let lines = [
            "[thrd:app]:   ssl.ca.location = /etc/ca.pem", "[thrd:app]:   sasl.username = alice",
            "Connected to ssl://localhost:9093/1 after abc", "a = b = c",
        ]
        for line in lines { #expect(mask.apply(line) == line) }
    }
}
