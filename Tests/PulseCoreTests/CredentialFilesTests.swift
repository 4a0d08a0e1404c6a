import PulseCore
import Testing

@Suite("The files a worker's Kafka client reads at creation")
struct CredentialFilesTests {
    @Test("secret files and librdkafka's file properties, each once, sorted")
    func credentialFiles() {
        let configuration = KafkaSourceConfiguration(
            bootstrapServers: ["b:9093"],
            clientProperties: [
                "ssl.ca.location": "/etc/kafka/ca.pem", "ssl.certificate.location": "/etc/kafka/client.pem",
                "ssl.key.location": "/etc/kafka/client.key", "sasl.kerberos.keytab": "/etc/krb5.keytab",
                "sasl.username": "alice", "client.rack": "/not/a/file",
            ],
            secretFiles: ["sasl.password": "/run/secrets/pw", "ssl.key.password": "/etc/kafka/client.key"])
        #expect(
            configuration.credentialFiles == [
                "/etc/kafka/ca.pem", "/etc/kafka/client.key", "/etc/kafka/client.pem", "/etc/krb5.keytab", "/run/secrets/pw",
            ])
    }
}
