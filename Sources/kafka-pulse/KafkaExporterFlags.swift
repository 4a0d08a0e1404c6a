import ArgumentParser

/// kafka_exporter's flags that kafka-pulse has no flag of its own for, so that a kafka_exporter
/// command line (Strimzi's launcher, the Helm chart, a hand-written Deployment) starts unchanged.
/// Hidden: `--help` documents kafka-pulse's own flags; docs/migrating-from-kafka_exporter.md
/// documents these. What each one does here is in `KafkaExporterFlags+Mapping.swift`.
///
/// kafka_exporter's OAUTHBEARER flags live in `KafkaSecurityOptions`, whose checks need them.
/// Booleans are optional so that "not given" differs from kafka_exporter's default; kingpin's
/// `--x=false` is rewritten to `--no-x` before parsing (`KingpinArguments`).
struct KafkaExporterFlags: ParsableArguments {
    // Mapped.
    @Option(name: .customLong("kafka.labels"), help: .hidden) var kafkaLabels: String?
    @Option(name: .customLong("verbosity"), help: .hidden) var verbosity: Int?
    @Flag(name: .customLong("log.enable-sarama"), inversion: .prefixedNo, help: .hidden) var logEnableSarama: Bool?
    @Flag(name: .customLong("offset.show-all"), inversion: .prefixedNo, help: .hidden) var offsetShowAll: Bool?
    @Flag(name: .customLong("server.tls.enabled"), inversion: .prefixedNo, help: .hidden) var serverTLSEnabled: Bool?
    @Flag(name: .customLong("server.tls.mutual-auth-enabled"), inversion: .prefixedNo, help: .hidden) var serverTLSMutualAuth: Bool?
    @Option(name: .customLong("server.tls.ca-file"), help: .hidden) var serverTLSCAFile: String?
    @Option(name: .customLong("server.tls.cert-file"), help: .hidden) var serverTLSCertFile: String?
    @Option(name: .customLong("server.tls.key-file"), help: .hidden) var serverTLSKeyFile: String?
    @Option(name: .customLong("tls.server-name"), help: .hidden) var tlsServerName: String?

    // Accepted; nothing to do here.
    @Option(name: .customLong("kafka.version"), help: .hidden) var kafkaVersion: String?
    @Option(name: .customLong("refresh.metadata"), help: .hidden) var refreshMetadata: String?
    @Option(name: .customLong("topic.workers"), help: .hidden) var topicWorkers: Int?
    @Option(name: .customLong("group.workers"), help: .hidden) var groupWorkers: Int?
    @Option(name: .customLong("group.metrics.timeout"), help: .hidden) var groupMetricsTimeout: String?
    @Flag(name: .customLong("concurrent.enable"), inversion: .prefixedNo, help: .hidden) var concurrentEnable: Bool?
    @Flag(name: .customLong("kafka.allow-auto-topic-creation"), inversion: .prefixedNo, help: .hidden) var allowAutoTopicCreation: Bool?
    @Flag(name: .customLong("sasl.handshake"), inversion: .prefixedNo, help: .hidden) var saslHandshake: Bool?
    @Option(name: .customLong("sasl.aws-region"), help: .hidden) var saslAWSRegion: String?
    @Option(name: .customLong("zookeeper.server"), help: .hidden) var zookeeperServers: [String] = []

    // Refused when they ask for something kafka-pulse cannot do.
    @Flag(name: .customLong("use.consumelag.zookeeper"), inversion: .prefixedNo, help: .hidden) var useZooKeeperLag: Bool?
    @Option(name: .customLong("sasl.service-name"), help: .hidden) var kerberosServiceName: String?
    @Option(name: .customLong("sasl.kerberos-config-path"), help: .hidden) var kerberosConfigPath: String?
    @Option(name: .customLong("sasl.realm"), help: .hidden) var kerberosRealm: String?
    @Option(name: .customLong("sasl.kerberos-auth-type"), help: .hidden) var kerberosAuthType: String?
    @Option(name: .customLong("sasl.keytab-path"), help: .hidden) var kerberosKeytabPath: String?
    @Flag(name: .customLong("sasl.disable-PA-FX-FAST"), inversion: .prefixedNo, help: .hidden) var kerberosDisablePAFXFast: Bool?

    /// The checks that need only these flags; the ones that need other groups are in
    /// `KafkaPulse.validate()` (`check(security:webConfigFile:)`).
    func validate() throws {
        if useZooKeeperLag == true {
            throw ValidationError(
                "--use.consumelag.zookeeper: kafka-pulse reads consumer offsets from Kafka only; offsets committed to ZooKeeper (pre-0.9 consumers) cannot be read. Drop the flag")
        }
        try checkKerberos()
        _ = try constantLabels()
        try checkServerTLS()
        if let verbosity, verbosity < 0 { throw ValidationError("--verbosity \(verbosity): expected 0 or more") }
    }
}
