import ArgumentParser
import Foundation
import Logging
import PulseConfig
import PulseLogging
import PulseCore
import ServiceLifecycle
import UnixSignals

/// `kafka-pulse`: samples Kafka in the background and serves the result on /metrics.
struct KafkaPulse: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "kafka-pulse",
        abstract: "Prometheus exporter for Apache Kafka: consumer lag, offsets and cluster health, sampled in the background.",
        // Argument-parser's own usage line ends in <subcommand>, as if one were required; the one
        // subcommand is for container probes (healthcheck).
        usage: "kafka-pulse [--kafka.server <host:port> ...] [--web.listen-address <address>] [--config.file <path>] [<options>]",
        discussion: "Without --kafka.server, kafka-pulse starts its built-in demo cluster.",
        version: version,
        subcommands: [HealthcheckCommand.self]
    )

    @OptionGroup(title: "Connecting and listening") var connection: ConnectionOptions

    @Option(
        name: .customLong("cluster.name"),
        help: "Name this cluster: every series gets a cluster label with it. Without a name (the default) the page has no cluster label, as kafka_exporter's. Several clusters: the config file's clusters: list.")
    var clusterName: String?

    @Flag(
        name: .customLong("kafka.mock-cluster"),
        help: ArgumentHelp(
            "The cluster is librdkafka's mock cluster (tests, benchmarks): skip the calls it cannot answer.", visibility: .hidden))
    var mockCluster = false

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which to expose metrics.")
    var telemetryPath = "/metrics"

    @Option(
        name: .customLong("web.idle-timeout"),
        help: "Close an HTTP connection without a request in progress (idle keep-alive, or a request head still incomplete) after this long.")
    var idleTimeout = DurationFlag(argument: "30s")!

    @Option(name: .customLong("kafka.request-timeout"), help: "Timeout of each Kafka request; at most half the sample interval is used.")
    var requestTimeout = DurationFlag(argument: "5s")!

    @Option(name: .customLong("kafka.group-offsets-concurrency"), help: "Concurrent ListConsumerGroupOffsets requests per sample.")
    var groupOffsetConcurrency = 8

    @Option(name: .customLong("worker.recycle-after"), help: "Replace the sampling worker process after this many samples.")
    var recycleAfter = 360

    @Option(
        name: .customLong("worker.executable"),
        help: "The sampling worker binary, kafka-pulse-worker (default: the one beside this executable).")
    var workerExecutable: String?

    @OptionGroup(title: "Topics, groups and series") var scopeOptions: ScopeOptions

    @OptionGroup(title: "Metric families on the page") var metricsSelection: MetricsSelectionOptions

    @OptionGroup(title: "Sharding over several replicas") var shardOptions: ShardOptions

    @OptionGroup(title: "Consumer status") var statusOptions: StatusOptions

    @OptionGroup(title: "Transactions") var transactionOptions: TransactionOptions

    @OptionGroup(title: "Kafka security (SASL, TLS) and librdkafka properties") var security: KafkaSecurityOptions

    @OptionGroup var log: LogOptions

    @OptionGroup(title: "Securing the HTTP endpoints") var webConfig: WebConfigOptions

    @OptionGroup(title: "Alerting (push to Alertmanager)") var alertmanagerOptions: AlertmanagerOptions

    /// kafka_exporter's remaining flags, hidden; see docs/migrating-from-kafka_exporter.md.
    @OptionGroup var kafkaExporter: KafkaExporterFlags

    func validate() throws {
        guard telemetryPath.hasPrefix("/"), telemetryPath.count > 1, !["/healthz", "/readyz"].contains(telemetryPath) else {
            throw ValidationError("--web.telemetry-path \(telemetryPath): must start with / and not be /, /healthz or /readyz")
        }
        try requestTimeout.check("kafka.request-timeout", within: .milliseconds(1) ... .seconds(3_600), "between 1ms and 1h")
        guard (1...256).contains(groupOffsetConcurrency) else {
            throw ValidationError("--kafka.group-offsets-concurrency \(groupOffsetConcurrency): must be between 1 and 256")
        }
        guard recycleAfter >= 1 else { throw ValidationError("--worker.recycle-after \(recycleAfter): must be at least 1") }
        if let clusterName, let problem = ClusterSettings.problem(withName: clusterName) {
            throw ValidationError("--cluster.name \(clusterName): \(problem)")
        }
        if let workerExecutable, let problem = WorkerExecutable.problem(flag: workerExecutable) { throw ValidationError(problem) }
        try kafkaExporter.check(security: security, webConfigFile: webConfig.file)
    }

    var runsDemo: Bool { connection.demo || bootstrapServers.isEmpty }
    var bootstrapServers: [String] { connection.bootstrapServers }
    var listenAddress: String { connection.listenAddress }
    var sampleIntervalFlag: DurationFlag? { connection.sampleIntervalFlag }

    /// The demo samples faster so that a status window (10 samples) fills within its first minute.
    var sampleInterval: DurationFlag { sampleIntervalFlag ?? DurationFlag(argument: runsDemo ? "2s" : "10s")! }

    /// Every time limit that follows from the interval, decided once.
    var timing: SampleTiming { SampleTiming(interval: sampleInterval.duration, requestTimeout: requestTimeout.duration) }

    /// The log flags with kafka_exporter's `--verbosity` and `--log.enable-sarama` applied.
    var effectiveLog: LogOptions {
        var log = self.log
        log.level = kafkaExporter.logLevel(log.level)
        return log
    }

    /// The scope flags with kafka_exporter's `--no-offset.show-all` applied.
    var effectiveScopeOptions: ScopeOptions {
        var scopeOptions = self.scopeOptions
        scopeOptions.excludedStates += kafkaExporter.excludedGroupStates
        return scopeOptions
    }

    func run() async throws {
        try await run(clusters: [])
    }

    /// - Parameter clusters: each `clusters:` entry's own parse of the arguments; empty: this
    ///   command is the one cluster.
    func run(clusters: [KafkaPulse]) async throws {
        let log = effectiveLog
        log.bootstrap(process: "exporter")
        let logger = Logger(label: "kafka-pulse")
        for note in kafkaExporter.notes { logger.info("\(note)") }
        let services = try await services(clusters: clusters, log: log, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
        do {
            try await group.run()
        } catch {
            throw StartupError("\(error)")
        }
    }
}
