import Foundation
import PulseConfig
import PulseLogging
import PulseCore
import PulseExposition
import PulseWebConfig
import Testing
@testable import kafka_pulse

/// Issue 21 item 1: a kafka_exporter command line starts kafka-pulse unchanged. Every flag of
/// kafka_exporter (v1.9, `kafka_exporter.go`'s kingpin flags plus promlog's `--log.level`/`--log.format`)
/// is mapped, accepted with a note, or refused with one line saying why.
@Suite("kafka_exporter's command line")
struct KafkaExporterFlagsTests {
    /// A PEM-looking file (the CLI only checks that TLS files can be read; the server loads them).
    static func file(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kp-ke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Strimzi's `kafka_exporter_run.sh` after its shell quoting is evaluated: filters, exclusions,
    /// mutual TLS to the cluster, sarama logging, `--offset.show-all`, `--verbosity` and the Kafka version.
    static func strimzi(ca: String, cert: String, key: String) -> [String] {
        [
            "--group.filter=my-group-.*", "--topic.filter=my-topic-.*", "--group.exclude=my-group-exclude-.*",
            "--topic.exclude=my-topic-exclude-.*", "--tls.enabled", "--tls.ca-file=\(ca)", "--tls.cert-file=\(cert)",
            "--tls.key-file=\(key)", "--kafka.server=my-cluster-kafka-bootstrap:9091", "--log.enable-sarama",
            "--web.listen-address=:9404", "--offset.show-all", "--verbosity=1", "--kafka.version=3.9.0",
        ]
    }

    @Test("Strimzi's launcher arguments start kafka-pulse")
    func strimziStarts() throws {
        let (ca, cert, key) = (try Self.file("ca.crt"), try Self.file("tls.crt"), try Self.file("tls.key"))
        let arguments = Self.strimzi(ca: ca, cert: cert, key: key)
        #expect(CommandLineHarness.failure(arguments) == nil)
        let command = try CommandLineHarness.parse(arguments)
        #expect(command.bootstrapServers == ["my-cluster-kafka-bootstrap:9091"])
        #expect(command.security.tlsEnabled && command.security.tlsCertFile == cert)
        #expect(command.effectiveLog.level == .debug)
        #expect(command.kafkaExporter.notes.contains { $0.hasPrefix("--kafka.version is accepted and ignored") })
        // Strimzi's older launcher: `--no-sasl.handshake` always, `--kafka.version=""` when unset.
        #expect(CommandLineHarness.failure(["--kafka.server=k:9092", "--no-sasl.handshake", "--kafka.version="]) == nil)
    }

    @Test("the Helm chart's defaults and its optional flags start kafka-pulse, kingpin's --flag=false included")
    func helmChartStarts() throws {
        #expect(CommandLineHarness.failure(["--verbosity=0", "--kafka.server=kafka-server:9092"]) == nil)
        let (ca, cert, key) = (try Self.file("ca.crt"), try Self.file("tls.crt"), try Self.file("tls.key"))
        let everything = [
            "--verbosity=0", "--log.enable-sarama", "--kafka.server=kafka-server:9092", "--kafka.version=2.8.0", "--tls.enabled",
            "--tls.ca-file=\(ca)", "--tls.cert-file=\(cert)", "--tls.key-file=\(key)", "--tls.server-name=kafka.example.com",
            "--server.tls.ca-file=\(ca)", "--server.tls.cert-file=\(cert)", "--server.tls.key-file=\(key)",
            "--server.tls.mutual-auth-enabled=false",
        ]
        #expect(CommandLineHarness.failure(everything) == nil)
        let command = try CommandLineHarness.parse(everything)
        #expect(command.kafkaExporter.serverTLSMutualAuth == false)
        // The chart never passes --server.tls.enabled, so kafka_exporter served plain HTTP; so does kafka-pulse.
        #expect(command.kafkaExporter.webConfig() == nil)
        #expect(command.kafkaExporter.notes.contains { $0.contains("ignored without --server.tls.enabled") })
    }

    @Test("every kafka_exporter flag is accepted in both --flag=value and --flag value forms")
    func everyFlagAccepted() throws {
        let (cert, key) = (try Self.file("tls.crt"), try Self.file("tls.key"))
        let valued: [(String, String)] = [
            ("web.listen-address", ":9308"), ("web.telemetry-path", "/metrics"), ("topic.filter", ".*"), ("topic.exclude", "^$"),
            ("group.filter", ".*"), ("group.exclude", "^$"), ("kafka.server", "k:9092"), ("sasl.username", "u"),
            ("sasl.password", "p"), ("sasl.mechanism", "scram-sha512"), ("tls.server-name", "k"), ("tls.ca-file", cert),
            ("tls.cert-file", cert), ("tls.key-file", key), ("server.tls.ca-file", cert), ("server.tls.cert-file", cert),
            ("server.tls.key-file", key), ("kafka.version", "2.0.0"), ("zookeeper.server", "localhost:2181"),
            ("kafka.labels", "cluster=prod"), ("refresh.metadata", "30s"), ("topic.workers", "100"), ("group.workers", "100"),
            ("verbosity", "0"), ("group.metrics.timeout", "5m"), ("sasl.aws-region", "eu-west-1"), ("log.level", "info"),
            ("log.format", "logfmt"),
        ]
        // `--sasl.handshake=false` with SASL is refused (`refusals`); its true form is below.
        let booleans = [
            "tls.insecure-skip-tls-verify", "use.consumelag.zookeeper", "offset.show-all", "concurrent.enable",
            "kafka.allow-auto-topic-creation", "log.enable-sarama", "server.tls.mutual-auth-enabled", "sasl.disable-PA-FX-FAST",
        ]
        let base = ["--sasl.enabled", "--tls.enabled"]
        let equalsForm = base + valued.map { "--\($0.0)=\($0.1)" } + booleans.map { "--\($0)=false" }
        #expect(CommandLineHarness.failure(equalsForm) == nil)
        let spaceForm = base + valued.flatMap { ["--\($0.0)", $0.1] } + booleans.map { "--no-\($0)" }
        #expect(CommandLineHarness.failure(spaceForm) == nil)
        // The booleans whose true form changes nothing here, in kingpin's three spellings.
        for flag in ["sasl.handshake", "offset.show-all", "concurrent.enable", "kafka.allow-auto-topic-creation", "log.enable-sarama"] {
            for form in ["--\(flag)", "--\(flag)=true", "--\(flag)=1"] {
                #expect(CommandLineHarness.failure(["--kafka.server=k:9092", form]) == nil, "\(form)")
            }
        }
        // The OAUTHBEARER and web TLS flags, which need their companions.
        #expect(CommandLineHarness.failure([
            "--kafka.server=k:9092", "--sasl.enabled", "--sasl.mechanism=oauthbearer", "--sasl.username=client",
            "--sasl.password=secret", "--sasl.oauthbearer-token-url=https://idp/token", "--sasl.oauthbearer-scopes=a,b",
        ]) == nil)
        #expect(CommandLineHarness.failure([
            "--kafka.server=k:9092", "--server.tls.enabled", "--server.tls.cert-file", cert, "--server.tls.key-file", key,
        ]) == nil)
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let mentions: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let refusals: [Refusal] = [
        Refusal(arguments: ["--use.consumelag.zookeeper"], mentions: ["--use.consumelag.zookeeper", "ZooKeeper"]),
        Refusal(arguments: ["--use.consumelag.zookeeper=true", "--zookeeper.server=zk:2181"], mentions: ["--use.consumelag.zookeeper"]),
        Refusal(arguments: ["--sasl.enabled", "--sasl.mechanism=gssapi"], mentions: ["gssapi", "not supported"]),
        Refusal(arguments: ["--sasl.enabled", "--sasl.mechanism=awsiam"], mentions: ["awsiam", "not supported"]),
        Refusal(arguments: ["--sasl.service-name=kafka"], mentions: ["--sasl.service-name", "GSSAPI"]),
        Refusal(arguments: ["--sasl.keytab-path=/etc/k.keytab"], mentions: ["--sasl.keytab-path", "GSSAPI"]),
        Refusal(arguments: ["--sasl.disable-PA-FX-FAST"], mentions: ["--sasl.disable-PA-FX-FAST", "GSSAPI"]),
        Refusal(
            arguments: ["--sasl.enabled", "--sasl.username=u", "--sasl.password=p", "--sasl.handshake=false"],
            mentions: ["--sasl.handshake=false", "SaslHandshake"]),
        Refusal(arguments: ["--server.tls.enabled"], mentions: ["--server.tls.enabled needs --server.tls.cert-file"]),
        Refusal(
            arguments: ["--server.tls.enabled", "--server.tls.cert-file=/nonexistent/c", "--server.tls.key-file=/nonexistent/k"],
            mentions: ["--server.tls.cert-file /nonexistent/c"]),
        Refusal(arguments: ["--kafka.labels=cluster"], mentions: ["--kafka.labels", "name=value"]),
        Refusal(arguments: ["--kafka.labels=topic=x"], mentions: ["--kafka.labels", "'topic' is already a label"]),
        Refusal(arguments: ["--kafka.labels=1x=y"], mentions: ["--kafka.labels", "not a label name"]),
        Refusal(arguments: ["--kafka.labels=a=1,a=2"], mentions: ["--kafka.labels", "twice"]),
        Refusal(arguments: ["--verbosity=-1"], mentions: ["--verbosity -1"]),
        Refusal(arguments: ["--verbosity=loud"], mentions: ["verbosity"]),
        Refusal(arguments: ["--topic.workers=many"], mentions: ["topic.workers"]),
        Refusal(arguments: ["--offset.show-all=maybe"], mentions: ["offset.show-all"]),
    ]

    @Test("what cannot be honoured is refused with one line saying why", arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        let line = try #require(CommandLineHarness.failure(["--kafka.server=k:9092"] + refusal.arguments), "accepted")
        #expect(!line.contains("\n"), "\(line)")
        for text in refusal.mentions { #expect(line.contains(text), "\(line)") }
    }

    @Test("mutual TLS without a CA and --server.tls.* next to --web.config.file are refused")
    func webTLSConflicts() throws {
        let (cert, key) = (try Self.file("tls.crt"), try Self.file("tls.key"))
        let tls = ["--kafka.server=k:9092", "--server.tls.enabled", "--server.tls.cert-file=\(cert)", "--server.tls.key-file=\(key)"]
        let noCA = try #require(CommandLineHarness.failure(tls + ["--server.tls.mutual-auth-enabled"]))
        #expect(noCA.contains("--server.tls.mutual-auth-enabled needs --server.tls.ca-file"), "\(noCA)")
        let webFile = try CommandLineHarness.file("basic_auth_users: {}\n")
        let both = try #require(CommandLineHarness.failure(tls + ["--web.config.file=\(webFile)"]))
        #expect(both.contains("--server.tls.enabled and --web.config.file"), "\(both)")
    }

    @Test("--server.tls.* become the web TLS settings; mutual auth requires and verifies a client certificate")
    func serverTLSMapped() throws {
        let (ca, cert, key) = (try Self.file("ca.crt"), try Self.file("tls.crt"), try Self.file("tls.key"))
        let command = try CommandLineHarness.parse([
            "--kafka.server=k:9092", "--server.tls.enabled=true", "--server.tls.cert-file=\(cert)", "--server.tls.key-file=\(key)",
            "--server.tls.ca-file=\(ca)", "--server.tls.mutual-auth-enabled=true",
        ])
        let tls = try #require(command.kafkaExporter.webConfig()?.tlsServer)
        #expect(tls == WebConfig.TLSServer(certFile: cert, keyFile: key, clientAuth: .requireAndVerifyClientCert, clientCAFile: ca))
        let oneWay = try CommandLineHarness.parse([
            "--kafka.server=k:9092", "--server.tls.enabled", "--server.tls.cert-file=\(cert)", "--server.tls.key-file=\(key)",
        ])
        #expect(oneWay.kafkaExporter.webConfig()?.tlsServer?.clientAuth == .noClientCert)
    }

    @Test("--kafka.labels become constant labels on every series, in the order given")
    func kafkaLabelsMapped() throws {
        let command = try CommandLineHarness.parse(["--kafka.server=k:9092", "--kafka.labels=cluster=prod, region=eu-1,"])
        let labels = try command.kafkaExporter.constantLabels()
        #expect(labels.pairs.map(\.name) == ["cluster", "region"])
        #expect(labels.pairs.map(\.value) == ["prod", "eu-1"])
        #expect(try CommandLineHarness.parse(["--kafka.server=k:9092", "--kafka.labels="]).kafkaExporter.constantLabels().isEmpty)
    }

    @Test("--verbosity 1 and up, and --log.enable-sarama, log at debug; --verbosity 0 keeps --log.level")
    func verbosityMapped() throws {
        func level(_ arguments: [String]) throws -> LogLevelFlag {
            try CommandLineHarness.parse(["--kafka.server=k:9092"] + arguments).effectiveLog.level
        }
        #expect(try level(["--verbosity=0"]) == .info)
        #expect(try level(["--verbosity=0", "--log.level=warn"]) == .warn)
        #expect(try level(["--verbosity", "2"]) == .debug)
        #expect(try level(["--log.enable-sarama"]) == .debug)
        #expect(try level(["--log.enable-sarama=false", "--log.level=error"]) == .error)
    }

    @Test("--no-offset.show-all leaves out groups without members; --offset.show-all is the default")
    func offsetShowAllMapped() throws {
        let onlyActive = try CommandLineHarness.parse(["--kafka.server=k:9092", "--offset.show-all=false"])
        #expect(try onlyActive.effectiveScopeOptions.scope().excludedGroupStates == [.empty])
        let all = try CommandLineHarness.parse(["--kafka.server=k:9092", "--offset.show-all"])
        #expect(try all.effectiveScopeOptions.scope().excludedGroupStates.isEmpty)
    }

    @Test("kafka_exporter's OAUTHBEARER flags: token URL, comma-separated scopes, username and password as client credentials")
    func oauthMapped() throws {
        let command = try CommandLineHarness.parse([
            "--kafka.server=k:9092", "--sasl.enabled", "--sasl.mechanism=oauthbearer", "--sasl.username=client",
            "--sasl.password=secret", "--sasl.oauthbearer-token-url=https://idp/token", "--sasl.oauthbearer-scopes=kafka, read",
        ])
        let sasl = try #require(try command.security.settings().sasl)
        #expect(sasl.oidc?.tokenEndpoint == "https://idp/token")
        #expect(sasl.oidc?.scope == "kafka read")
        #expect(sasl.oidc?.clientID == "client" && sasl.oidc?.clientSecret == .value("secret"))
        #expect(sasl.username == nil && sasl.password == nil)
    }

    @Test("a flag with no meaning here gets one note; none without kafka_exporter flags")
    func notes() throws {
        #expect(try CommandLineHarness.parse(["--kafka.server=k:9092"]).kafkaExporter.notes.isEmpty)
        let command = try CommandLineHarness.parse([
            "--kafka.server=k:9092", "--kafka.version=3.0.0", "--refresh.metadata=1m", "--topic.workers=5", "--concurrent.enable",
            "--kafka.allow-auto-topic-creation=false",
        ])
        let notes = command.kafkaExporter.notes
        #expect(notes.count == 5, "\(notes)")
        for flag in ["--kafka.version", "--refresh.metadata", "--topic.workers", "--concurrent.enable", "--kafka.allow-auto-topic-creation"] {
            #expect(notes.contains { $0.hasPrefix(flag) && $0.contains(": ") }, "\(flag)")
        }
    }

    @Test("kingpin's --flag=value booleans and empty --flag= values are rewritten, only before --")
    func kingpinRewrite() throws {
        let schema = try CommandSchema.root()
        #expect(
            KingpinArguments.rewrite(["--sasl.handshake=false", "--tls.enabled=True", "--demo=true", "--", "--tls.enabled=false"], schema: schema)
                == ["--no-sasl.handshake", "--tls.enabled", "--demo=true", "--", "--tls.enabled=false"])
        #expect(
            KingpinArguments.rewrite(["--kafka.version=", "--kafka.labels=", "--kafka.server=", "--", "--topic.filter="], schema: schema)
                == ["--kafka.version", "", "--kafka.labels", "", "--kafka.server=", "--", "--topic.filter="])
        let emptyServer = try #require(CommandLineHarness.failure(["--kafka.server="]))
        #expect(emptyServer.contains("--kafka.server"), "an empty --kafka.server must not start the demo: \(emptyServer)")
    }
}
