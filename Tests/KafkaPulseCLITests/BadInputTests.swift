import Foundation
import PulseConfig
import Testing
@testable import kafka_pulse

/// Issue 8 item 5: every flag's bad input gives one readable line naming the flag (Entry prints it and
/// exits 2), before anything starts, whether it came from the command line, a config file or a variable.
@Suite("Bad input on every flag")
struct BadInputTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let flag: String
        let arguments: [String]
        let environment: [String: String]
        let mentions: String
        var testDescription: String { "\(flag) \(arguments.joined(separator: " ")) \(environment)" }

        init(_ flag: String, _ arguments: [String], environment: [String: String] = [:], mentions: String? = nil) {
            self.flag = flag
            self.arguments = arguments
            self.environment = environment
            self.mentions = mentions ?? flag
        }
    }

    static let huge = String(repeating: "999999999h", count: 3_000)
    static let sasl = ["--kafka.server", "k:9092", "--sasl.enabled"]
    static let oauth = sasl + ["--sasl.mechanism", "oauthbearer"]
    static let alerting = ["--kafka.server", "k:9092", "--alertmanager.url", "http://alertmanager:9093"]

    static let rows: [Row] = [
        Row("kafka.server", ["--kafka.server", "broker"]),
        Row("kafka.server", ["--kafka.server", "broker:port"]),
        Row("kafka.server", ["--kafka.server", "broker:70000"]),
        Row("kafka.server", ["--kafka.server", "a:1,:9092"]),
        Row("demo", ["--demo=yes"]),
        Row("demo", [], environment: ["KAFKA_PULSE_DEMO": "maybe"]),
        Row("kafka.mock-cluster", [], environment: ["KAFKA_PULSE_KAFKA_MOCK_CLUSTER": "2"]),
        Row("web.listen-address", ["--web.listen-address", ":99999"]),
        Row("web.listen-address", ["--web.listen-address", "localhost"]),
        Row("web.telemetry-path", ["--web.telemetry-path", "metrics"]),
        Row("web.telemetry-path", ["--web.telemetry-path", "/healthz"]),
        Row("cluster.name", ["--kafka.server", "k:9092", "--cluster.name", "prod eu"]),
        Row("cluster.name", ["--kafka.server", "k:9092", "--cluster.name", ""]),
        Row("sample.interval", ["--sample.interval", "10"]),
        Row("sample.interval", ["--sample.interval", "50ms"]),
        Row("sample.interval", ["--sample.interval", "0s"]),
        Row("sample.interval", ["--sample.interval", huge]),
        Row("sample.interval", ["--sample.interval", "1000h"]),
        Row("kafka.request-timeout", ["--kafka.request-timeout", "-1s"]),
        Row("kafka.request-timeout", ["--kafka.request-timeout", "2h"]),
        Row("kafka.request-timeout", ["--kafka.request-timeout", "5 s"]),
        Row("kafka.group-offsets-concurrency", ["--kafka.group-offsets-concurrency", "0"]),
        Row("kafka.group-offsets-concurrency", ["--kafka.group-offsets-concurrency", "many"]),
        Row("kafka.group-offsets-concurrency", ["--kafka.group-offsets-concurrency", "99999999999999999999"]),
        Row("worker.recycle-after", ["--worker.recycle-after", "0"]),
        Row("worker.recycle-after", ["--worker.recycle-after", "1.5"]),
        Row("worker.executable", ["--worker.executable", "/nonexistent/kafka-pulse-worker"]),
        Row("worker.executable", ["--worker.executable", "/tmp"]),
        Row("worker.executable", [], environment: ["KAFKA_PULSE_WORKER_EXECUTABLE": "/nonexistent/w"], mentions: "KAFKA_PULSE_WORKER_EXECUTABLE"),
        Row("topic.filter", ["--topic.filter", "(orders"]),
        Row("topic.exclude", ["--topic.exclude", "[a-"]),
        Row("topic.exclude-internal", ["--topic.exclude-internal=1"]),
        Row("group.filter", ["--group.filter", "*"]),
        Row("group.exclude", ["--group.exclude", "(?<x"]),
        Row("group.exclude-state", ["--group.exclude-state", "sleeping"]),
        Row("group.list", ["--group.list", " , "]),
        Row("group.partition-series", [], environment: ["KAFKA_PULSE_GROUP_PARTITION_SERIES": "sometimes"]),
        Row("topic.partition-rates", [], environment: ["KAFKA_PULSE_TOPIC_PARTITION_RATES": ""]),
        Row("rate.window", ["--rate.window", "1x"]),
        Row("rate.window", ["--rate.window", "200h"]),
        Row("topic.config-interval", ["--topic.config-interval", "0s"]),
        Row("topic.config-interval", ["--topic.config-interval", "1000h"]),
        Row("status.window", ["--status.window", "1"]),
        Row("status.window", ["--status.window", "ten"]),
        Row("status.allowed-lag", ["--status.allowed-lag", "-1"]),
        Row("status.allowed-lag", ["--status.allowed-lag", "99999999999999999999"]),
        Row("transaction.hanging-after", ["--transaction.hanging-after", "0s"]),
        Row("transaction.hanging-after", ["--transaction.hanging-after", "500ms"]),
        Row("transaction.hanging-after", ["--transaction.hanging-after", "200h"]),
        Row("group.partition-status", [], environment: ["KAFKA_PULSE_GROUP_PARTITION_STATUS": "2"]),
        Row("metrics.include", ["--metrics.include", "kafka_(topic"]),
        Row("metrics.exclude", [], environment: ["KAFKA_PULSE_METRICS_EXCLUDE": "kafka_.*\n[a-"]),
        Row("log.level", ["--log.level", "verbose"]),
        Row("log.format", ["--log.format", "xml"]),
        Row("web.idle-timeout", ["--web.idle-timeout", "forever"]),
        Row("sasl.enabled", [], environment: ["KAFKA_PULSE_SASL_ENABLED": "maybe"]),
        Row("sasl.mechanism", ["--kafka.server", "k:9092", "--sasl.enabled", "--sasl.mechanism", "kerberos"]),
        Row("sasl.username", ["--kafka.server", "k:9092", "--sasl.username", "u"]),
        Row("sasl.password", ["--kafka.server", "k:9092", "--sasl.password", "p"]),
        Row("sasl.password-file", sasl + ["--sasl.mechanism", "plain", "--sasl.username", "u", "--sasl.password-file", "/nonexistent/pw"]),
        Row("sasl.oauthbearer.token-endpoint", oauth + ["--sasl.oauthbearer.token-endpoint", "ftp://idp", "--sasl.oauthbearer.client-id", "c"]),
        Row("sasl.oauthbearer.client-id", sasl + ["--sasl.mechanism", "plain", "--sasl.oauthbearer.client-id", "c"]),
        Row("sasl.oauthbearer.client-secret", sasl + ["--sasl.mechanism", "plain", "--sasl.oauthbearer.client-secret", "s"]),
        Row("sasl.oauthbearer.client-secret-file", oauth + ["--sasl.oauthbearer.token-endpoint", "https://idp/token",
            "--sasl.oauthbearer.client-id", "c", "--sasl.oauthbearer.client-secret-file", "/nonexistent/secret"]),
        Row("sasl.oauthbearer.scope", sasl + ["--sasl.mechanism", "plain", "--sasl.oauthbearer.scope", "s"]),
        Row("tls.enabled", [], environment: ["KAFKA_PULSE_TLS_ENABLED": "2"]),
        Row("tls.ca-file", ["--kafka.server", "k:9092", "--tls.enabled", "--tls.ca-file", "/nonexistent/ca.pem"]),
        Row("tls.cert-file", ["--kafka.server", "k:9092", "--tls.enabled", "--tls.cert-file", "/nonexistent/c.pem"]),
        Row("tls.key-file", ["--kafka.server", "k:9092", "--tls.enabled", "--tls.key-file", "/nonexistent/k.pem"]),
        Row("tls.key-password", ["--kafka.server", "k:9092", "--tls.key-password", "x"]),
        Row("tls.key-password-file", ["--kafka.server", "k:9092", "--tls.enabled", "--tls.key-password-file", "/nonexistent/p"]),
        Row("tls.insecure-skip-tls-verify", [], environment: ["KAFKA_PULSE_TLS_INSECURE_SKIP_TLS_VERIFY": "maybe"]),
        Row("kafka.property", ["--kafka.server", "k:9092", "--kafka.property", "no-equals-sign"]),
        Row("web.config.file", ["--web.config.file", "/nonexistent/web.yml"]),
        Row("alertmanager.url", ["--kafka.server", "k:9092", "--alertmanager.url", "ftp://alertmanager"]),
        Row("alertmanager.rule-file", alerting + ["--alertmanager.rule-file", "/nonexistent/rules.yml"]),
        Row("alertmanager.resend-interval", alerting + ["--alertmanager.resend-interval", "500ms"]),
        Row("alertmanager.timeout", alerting + ["--alertmanager.timeout", "soon"]),
        Row("alertmanager.generator-url", alerting + ["--alertmanager.generator-url", "not a url"]),
        Row("alertmanager.label", alerting + ["--alertmanager.label", "no-equals-sign"]),
        Row("alertmanager.tls.ca-file", alerting + ["--alertmanager.tls.ca-file", "/nonexistent/ca.pem"]),
        Row("alertmanager.tls.insecure-skip-verify", [], environment: ["KAFKA_PULSE_ALERTMANAGER_TLS_INSECURE_SKIP_VERIFY": "maybe"]),
        Row("alertmanager.basic-auth.username", ["--kafka.server", "k:9092", "--alertmanager.basic-auth.username", "u"]),
        Row("alertmanager.basic-auth.password-file", alerting + [
            "--alertmanager.basic-auth.username", "u", "--alertmanager.basic-auth.password-file", "/nonexistent/pw"]),
        // kafka_exporter's flags (KafkaExporterFlagsTests has the mapping; these are the bad values).
        Row("kafka.labels", ["--kafka.labels", "cluster"]),
        Row("kafka.labels", ["--kafka.labels", "partition=0"]),
        Row("verbosity", ["--verbosity", "-2"]),
        Row("verbosity", ["--verbosity", "debug"]),
        Row("log.enable-sarama", [], environment: ["KAFKA_PULSE_LOG_ENABLE_SARAMA": "maybe"]),
        Row("offset.show-all", ["--offset.show-all=maybe"]),
        Row("server.tls.enabled", ["--server.tls.enabled"]),
        Row("server.tls.mutual-auth-enabled", [], environment: ["KAFKA_PULSE_SERVER_TLS_MUTUAL_AUTH_ENABLED": "2"]),
        Row("server.tls.cert-file", ["--server.tls.enabled", "--server.tls.cert-file", "/nonexistent/c", "--server.tls.key-file", "/nonexistent/k"]),
        Row("server.tls.key-file", ["--server.tls.enabled", "--server.tls.cert-file", "/dev/null", "--server.tls.key-file", "/nonexistent/k"]),
        Row("server.tls.ca-file", ["--server.tls.enabled", "--server.tls.cert-file", "/dev/null", "--server.tls.key-file", "/dev/null",
            "--server.tls.mutual-auth-enabled", "--server.tls.ca-file", "/nonexistent/ca"]),
        Row("sasl.oauthbearer-token-url", oauth + ["--sasl.oauthbearer-token-url", "ftp://idp", "--sasl.oauthbearer.client-id", "c"]),
        Row("sasl.oauthbearer-token-url", ["--kafka.server", "k:9092", "--sasl.oauthbearer-token-url", "https://idp/token"]),
        Row("sasl.oauthbearer-scopes", sasl + ["--sasl.mechanism", "plain", "--sasl.oauthbearer-scopes", "a,b"]),
        Row("topic.workers", ["--topic.workers", "all"]),
        Row("group.workers", ["--group.workers", "1.5"]),
        Row("concurrent.enable", [], environment: ["KAFKA_PULSE_CONCURRENT_ENABLE": "sometimes"]),
        Row("kafka.allow-auto-topic-creation", ["--kafka.allow-auto-topic-creation=yes"]),
        Row("sasl.handshake", sasl + ["--sasl.username", "u", "--sasl.password", "p", "--no-sasl.handshake"]),
        Row("use.consumelag.zookeeper", ["--use.consumelag.zookeeper"]),
        Row("sasl.service-name", ["--sasl.service-name", "kafka"]),
        Row("sasl.kerberos-config-path", ["--sasl.kerberos-config-path", "/etc/krb5.conf"]),
        Row("sasl.realm", ["--sasl.realm", "EXAMPLE.COM"]),
        Row("sasl.kerberos-auth-type", ["--sasl.kerberos-auth-type", "keytabAuth"]),
        Row("sasl.keytab-path", ["--sasl.keytab-path", "/etc/kafka.keytab"]),
        Row("sasl.disable-PA-FX-FAST", ["--sasl.disable-PA-FX-FAST"]),
        Row("shard.total", ["--kafka.server", "k:9092", "--shard.total", "0", "--shard.index", "0"]),
        Row("shard.total", ["--kafka.server", "k:9092", "--shard.total", "51", "--shard.index", "0"]),
        Row("shard.total", ["--kafka.server", "k:9092", "--shard.total", "3"]),
        Row("shard.total", [], environment: ["KAFKA_PULSE_KAFKA_SERVER": "k:9092", "KAFKA_PULSE_SHARD_TOTAL": "three"]),
        Row("shard.index", ["--kafka.server", "k:9092", "--shard.total", "3", "--shard.index", "3"]),
        Row("shard.index", ["--kafka.server", "k:9092", "--shard.total", "3", "--shard.index", "-1"]),
        Row("shard.index", ["--kafka.server", "k:9092", "--shard.index", "1"]),
        Row("shard.index-from-hostname", ["--kafka.server", "k:9092", "--shard.index-from-hostname"]),
        Row("shard.index-from-hostname", ["--kafka.server", "k:9092", "--shard.total", "3", "--shard.index", "1", "--shard.index-from-hostname"]),
        Row("shard.group", ["--kafka.server", "k:9092", "--shard.group", "pulse", "--shard.total", "3", "--shard.index", "1"]),
        Row("shard.group", ["--kafka.server", "k:9092", "--shard.group", "pulse", "--shard.index-from-hostname"]),
        Row("shard.group", ["--kafka.server", "k:9092", "--shard.group", " "]),
        Row("shard.session-timeout", ["--kafka.server", "k:9092", "--shard.group", "pulse", "--shard.session-timeout", "5s"]),
        Row("shard.session-timeout", ["--kafka.server", "k:9092", "--shard.group", "pulse", "--shard.session-timeout", "ten"]),
        Row("shard.session-timeout", ["--kafka.server", "k:9092", "--shard.session-timeout", "10s"]),
        Row("config.file", ["--config.file", "/nonexistent/kafka-pulse.yaml"], mentions: "config file /nonexistent/kafka-pulse.yaml: no such file"),
        Row("config.file", ["--config.file", "/tmp"], mentions: "config file /tmp: is a directory"),
        Row("config.file", [], environment: ["KAFKA_PULSE_CONFIG_FILE": "/nonexistent/kafka-pulse.yaml"], mentions: "config file"),
    ]

    @Test("one line naming the flag", arguments: rows)
    func badValue(row: Row) throws {
        // An unknown flag also fails with its name in the line: the row must be about a real one.
        let known = try CommandSchema.root().keys[row.flag] != nil
        #expect(row.flag == "config.file" || known, "no flag \(row.flag)")
        let line = try #require(CommandLineHarness.failure(row.arguments, environment: row.environment), "accepted: \(row)")
        #expect(!line.contains("\n"), "\(line)")
        #expect(line.contains(row.mentions), "\(line)")
    }

    /// Keys whose every text is a valid value (no bad value to give); a new flag goes in `rows` or here.
    /// kafka_exporter's flags that change nothing here are accepted with any value, as they are ignored.
    static let acceptsAnyText: Set<String> = [
        "kafka.version", "refresh.metadata", "group.metrics.timeout", "sasl.aws-region", "zookeeper.server", "tls.server-name",
    ]

    @Test("every flag of the root command has a bad-input row")
    func everyFlagCovered() throws {
        let covered = Set(Self.rows.map(\.flag)).union(Self.acceptsAnyText)
        let missing = try CommandSchema.root().keys.keys.filter { !covered.contains($0) }.sorted()
        #expect(missing.isEmpty, "add a bad-input row to BadInputTests.rows for: \(missing.joined(separator: ", "))")
    }

    @Test("every key rejects a mapping and a list where a value or flag is expected, naming key and line")
    func everyKeyWrongType() throws {
        let schema = try CommandSchema.root()
        for key in schema.keys.values {
            // A key fed by a section (kafka.property <- librdkafka:) takes a mapping of key: value.
            let takesPairs = schema.sections.values.contains(key.name)
            let shapes: [String] =
                switch key.kind {
                case .flag: ["{a: 1}", "[true]", "maybe"]
                case .option: ["{a: 1}", "[a, b]"]
                case .repeatingOption: takesPairs ? ["[[a]]", "{a: [1]}"] : ["{a: 1}", "[[a]]"]
                }
            for shape in shapes {
                let path = try CommandLineHarness.file("# first line\n\(key.name): \(shape)\n")
                let line = try #require(CommandLineHarness.failure(["--config.file", path]), "accepted \(key.name): \(shape)")
                #expect(line.contains(key.name) && line.contains("line 2") && !line.contains("\n"), "\(line)")
            }
        }
    }

    @Test("a value the flag rejects names the key and the file line or variable it came from")
    func annotatedFromFile() throws {
        let path = try CommandLineHarness.file("kafka.server: a:9092\nsample:\n  interval: 5ms\n")
        let line = try #require(CommandLineHarness.failure(["--config.file", path]))
        #expect(line.contains("--sample.interval") && line.contains("config file \(path) line 3"), "\(line)")

        let fromEnvironment = try #require(
            CommandLineHarness.failure(["--kafka.server", "a:1"], environment: ["KAFKA_PULSE_STATUS_WINDOW": "0"]))
        #expect(fromEnvironment.contains("environment variable KAFKA_PULSE_STATUS_WINDOW"), "\(fromEnvironment)")

        let regex = try #require(CommandLineHarness.failure(["--config.file", try CommandLineHarness.file("topic.filter: '('\n")]))
        #expect(regex.contains("--topic.filter") && regex.contains("line 1"), "\(regex)")
    }

    @Test("the prefixed variables of the project's own scripts are not mistaken for misspelled flags")
    func scriptVariablesIgnored() throws {
        let scripts = ["KAFKA_PULSE_IMAGE_TEST", "KAFKA_PULSE_REQUIRE_TOOLS", "KAFKA_PULSE_BENCHMARKS", "KAFKA_PULSE_BIN", "KAFKA_PULSE_BENCH_ENV", "KAFKA_PULSE_SOAK"]
        let environment = Dictionary(uniqueKeysWithValues: scripts.map { ($0, "1") })
        #expect(CommandLineHarness.failure(["--kafka.server", "k:9092"], environment: environment) == nil)
        let typo = try #require(CommandLineHarness.failure(["--kafka.server", "k:9092"], environment: ["KAFKA_PULSE_LOG_LEVLE": "debug"]))
        #expect(typo.contains("KAFKA_PULSE_LOG_LEVEL"), "\(typo)")
    }

    @Test("subcommands ignore the config file and KAFKA_PULSE_* variables")
    func subcommandsUntouched() throws {
        let launch = try LaunchArguments.resolve(
            ["healthcheck", "--url", "http://x"], environment: ["KAFKA_PULSE_SAMPLE_INTERVAL": "bad", "KAFKA_PULSE_CONFIG_FILE": "/nonexistent"])
        #expect(launch.arguments == ["healthcheck", "--url", "http://x"])
    }
}
