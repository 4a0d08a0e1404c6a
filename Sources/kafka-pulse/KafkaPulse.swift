import ArgumentParser
import Foundation
import Logging
import PulseConfig
import PulseCore
import PulseExposition
import PulseHTTP
import PulseSampler
import PulseWorker
import ServiceLifecycle
import UnixSignals
import Hummingbird

/// `kafka-pulse`: samples Kafka in the background and serves the result on /metrics.
struct KafkaPulse: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "kafka-pulse",
        abstract: "Prometheus exporter for Apache Kafka: consumer lag, offsets and cluster health, sampled in the background.",
        discussion: "Without --kafka.server, kafka-pulse starts its built-in demo cluster.",
        version: version,
        subcommands: [WorkerCommand.self, DemoClusterCommand.self, HealthcheckCommand.self]
    )

    @Option(name: .customLong("kafka.server"), help: "Kafka bootstrap server host:port (repeatable or comma-separated). None: run the demo.")
    var kafkaServers: [String] = []

    @Flag(name: .customLong("demo"), help: "Start the built-in demo cluster and sample it.")
    var demo = false

    @Flag(
        name: .customLong("kafka.mock-cluster"),
        help: ArgumentHelp(
            "The cluster is librdkafka's mock cluster (tests, benchmarks): skip the calls it cannot answer.", visibility: .hidden))
    var mockCluster = false

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on for /metrics.")
    var listenAddress = ":9308"

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which to expose metrics.")
    var telemetryPath = "/metrics"

    @Option(
        name: .customLong("web.idle-timeout"),
        help: "Close an HTTP connection without a request in progress (idle keep-alive, or a request head still incomplete) after this long.")
    var idleTimeout = DurationFlag(argument: "30s")!

    @Option(name: .customLong("sample.interval"), help: "How often to sample Kafka (e.g. 10s, 1m). Default: 10s; 2s for the demo.")
    var sampleIntervalFlag: DurationFlag?

    @Option(name: .customLong("kafka.request-timeout"), help: "Timeout of each Kafka request; at most half the sample interval is used.")
    var requestTimeout = DurationFlag(argument: "5s")!

    @Option(name: .customLong("kafka.group-offsets-concurrency"), help: "Concurrent ListConsumerGroupOffsets requests per sample.")
    var groupOffsetConcurrency = 8

    @Option(name: .customLong("worker.recycle-after"), help: "Replace the sampling worker process after this many samples.")
    var recycleAfter = 360

    @OptionGroup(title: "Topics, groups and series") var scopeOptions: ScopeOptions

    @OptionGroup(title: "Consumer status") var statusOptions: StatusOptions

    @OptionGroup(title: "Transactions") var transactionOptions: TransactionOptions

    @OptionGroup(title: "Kafka security (SASL, TLS) and librdkafka properties") var security: KafkaSecurityOptions

    @OptionGroup var log: LogOptions

    @OptionGroup(title: "Securing the HTTP endpoints") var webConfig: WebConfigOptions

    @OptionGroup(title: "Alerting (push to Alertmanager)") var alertmanagerOptions: AlertmanagerOptions

    @OptionGroup(title: "Config file") var configFile: ConfigFileOptions

    /// kafka_exporter's remaining flags, hidden; see docs/migrating-from-kafka_exporter.md.
    @OptionGroup var kafkaExporter: KafkaExporterFlags

    func validate() throws {
        guard ListenAddress(parsing: listenAddress) != nil else {
            throw ValidationError("--web.listen-address \(listenAddress): expected host:port, e.g. :9308")
        }
        guard telemetryPath.hasPrefix("/"), telemetryPath.count > 1, !["/healthz", "/readyz"].contains(telemetryPath) else {
            throw ValidationError("--web.telemetry-path \(telemetryPath): must start with / and not be /, /healthz or /readyz")
        }
        try sampleIntervalFlag?.check("sample.interval", within: .milliseconds(100) ... .seconds(86_400), "between 100ms and 24h")
        try requestTimeout.check("kafka.request-timeout", within: .milliseconds(1) ... .seconds(3_600), "between 1ms and 1h")
        guard (1...256).contains(groupOffsetConcurrency) else {
            throw ValidationError("--kafka.group-offsets-concurrency \(groupOffsetConcurrency): must be between 1 and 256")
        }
        guard recycleAfter >= 1 else { throw ValidationError("--worker.recycle-after \(recycleAfter): must be at least 1") }
        try kafkaExporter.check(security: security, webConfigFile: webConfig.file)
        for server in bootstrapServers where !server.contains(":") {
            throw ValidationError("--kafka.server \(server): expected host:port")
        }
        for server in bootstrapServers where server.hasPrefix(":") || (ListenAddress(parsing: server).map { $0.port == 0 } ?? true) {
            throw ValidationError("--kafka.server \(server): expected host:port with a port from 1 to 65535")
        }
    }

    var runsDemo: Bool { demo || bootstrapServers.isEmpty }

    /// The demo samples faster so that a status window (10 samples) fills within its first minute.
    var sampleInterval: Duration { sampleIntervalFlag?.duration ?? (runsDemo ? .seconds(2) : .seconds(10)) }

    var bootstrapServers: [String] {
        kafkaServers.flatMap { $0.split(separator: ",") }.map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
    }

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
        let log = effectiveLog
        let scopeOptions = effectiveScopeOptions
        log.bootstrap(process: "exporter")
        let logger = Logger(label: "kafka-pulse")
        for note in kafkaExporter.notes { logger.info("\(note)") }
        // The one validated above; parse cannot fail here.
        guard let address = ListenAddress(parsing: listenAddress) else { throw StartupError("invalid listen address") }
        try await ListenPreflight.check(address)
        let executable = try Self.ownExecutable()
        let web = try webConfig.server(
            limits: ServerLimits(idleTimeout: idleTimeout.duration), logger: logger, flagConfig: kafkaExporter.webConfig())

        var demoCluster: DemoClusterProcess?
        let source: KafkaSourceConfiguration
        let timeout = min(requestTimeout.duration, sampleInterval / 2)
        let scope = try scopeOptions.scope()
        if runsDemo {
            let started = try DemoClusterProcess(executable: executable, logArguments: log.arguments)
            demoCluster = started
            logger.info(
                "demo cluster started: three mock brokers and the shop's services",
                metadata: ["pulse.bootstrap": "\(started.bootstrapServers)", "pulse.groups": "\(started.groups.joined(separator: ","))"])
            source = KafkaSourceConfiguration(
                bootstrapServers: [started.bootstrapServers], explicitGroups: started.groups, scope: scope,
                mockClusterCompatible: true,
                groupOffsetConcurrency: groupOffsetConcurrency, requestTimeoutSeconds: timeout.seconds)
        } else {
            let settings = try security.settings()
            for warning in settings.warnings { logger.warning("\(warning)") }
            source = KafkaSourceConfiguration(
                bootstrapServers: bootstrapServers, clientProperties: settings.clientProperties, secretFiles: settings.secretFiles,
                explicitGroups: scopeOptions.explicitGroups, scope: scope,
                mockClusterCompatible: mockCluster, groupOffsetConcurrency: groupOffsetConcurrency,
                requestTimeoutSeconds: timeout.seconds)
        }
        defer { demoCluster?.stop() }

        let worker = SupervisedWorker(
            options: .init(
                executable: executable, arguments: ["worker"] + log.arguments, configuration: source,
                recycleAfterSamples: recycleAfter),
            logger: logger)
        do {
            try await worker.start()
        } catch {
            throw StartupError(error.detail)
        }
        let build = BuildInfo(version: Self.version, librdkafkaVersion: await worker.librdkafkaVersion ?? "unknown")

        let store = SnapshotStore()
        let interval = sampleInterval
        let alerting = try alertmanagerOptions.makeAlerting(evaluationInterval: interval, listenPort: address.port, logger: logger)
        let sampler = Sampler(
            reader: worker, store: store, build: build,
            options: .init(
                interval: interval, deadline: interval * 0.9, topicConfigInterval: scopeOptions.topicConfigInterval.duration,
                snapshot: SnapshotOptions(
                    rateWindowSeconds: scopeOptions.rateWindow.duration.seconds, export: statusOptions.export(scopeOptions.exportOptions),
                    status: statusOptions.rules, transactions: transactionOptions.rules),
                constantLabels: try kafkaExporter.constantLabels()),
            clock: ContinuousClock(), logger: logger,
            restartsSoFar: { await worker.restartsAfterFailure }, hooks: alerting.hooks)
        let routes = MetricsRoutes(
            source: store,
            options: .init(
                telemetryPath: telemetryPath, staleAfter: interval * 3, version: Self.version,
                kafkaClientProperties: RedactedClientProperties(source)))
        let http = Application(
            router: routes.makeRouter(security: web.security), server: web.builder,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger)

        logger.info(
            "kafka-pulse \(Self.version) serving",
            metadata: [
                "pulse.metrics": "\(web.scheme)://\(address)\(telemetryPath)", "pulse.kafka": "\(source.bootstrapServers.joined(separator: ","))",
                "pulse.librdkafka": "\(build.librdkafkaVersion)", "pulse.interval": "\(sampleIntervalFlag?.text ?? (runsDemo ? "2s" : "10s"))",
                "pulse.kafka.properties": "\(RedactedClientProperties(source))",
            ])
        if demoCluster != nil {
            DemoBanner(scheme: web.scheme, address: address, telemetryPath: telemetryPath).print()
        }
        let group = ServiceGroup(
            configuration: .init(
                // The notifier first: a graceful shutdown stops services in reverse, so it stops last.
                services: alerting.services + [.init(service: sampler), .init(service: http)], gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [], logger: logger))
        do {
            try await group.run()
        } catch {
            await worker.stop()
            throw StartupError("\(error)")
        }
        await worker.stop()
    }

    /// This program's own path, to start worker and demo processes from the same binary.
    static func ownExecutable() throws -> URL {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw StartupError("cannot find my own executable at \(path) to start the sampling worker")
        }
        return URL(fileURLWithPath: path)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
