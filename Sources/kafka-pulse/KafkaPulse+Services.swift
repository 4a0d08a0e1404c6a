import Foundation
import Hummingbird
import Logging
import PulseConfig
import PulseCore
import PulseExposition
import PulseHTTP
import PulseLogging
import PulseSampler
import PulseSupervisor
import ServiceLifecycle

extension KafkaPulse {
    /// Every long-running part of the exporter, in the order they start: the demo cluster, each
    /// cluster's worker, alert notification, the samplers, HTTP. The group stops them in reverse,
    /// so nothing stops while something still uses it. Steps that can refuse to start run before
    /// any child process is launched.
    ///
    /// - Parameter clusters: each cluster's own parse of the arguments (the config file's
    ///   `clusters:` list); empty: this command is the one cluster.
    func services(clusters: [KafkaPulse], log: LogOptions, logger: Logger) async throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        // The one validated above; parse cannot fail here.
        guard let address = ListenAddress(parsing: listenAddress) else { throw StartupError("invalid listen address") }
        try await ListenPreflight.check(address)
        let executable = try WorkerExecutable.resolve(flag: workerExecutable, ownExecutable: WorkerExecutable.ownExecutable())
        let web = try webConfig.server(
            limits: ServerLimits(idleTimeout: idleTimeout.duration), logger: logger, flagConfig: kafkaExporter.webConfig())

        var demoCluster: DemoClusterProcess?
        var pipelines: [ClusterPipeline] = []
        do {
            for command in clusters.isEmpty ? [self] : clusters {
                pipelines.append(
                    try await command.startCluster(
                        executable: executable, log: log, logger: logger, listenPort: address.port, demoCluster: &demoCluster))
            }
        } catch {
            // A later cluster refused to start: the workers already running must not outlive us.
            for pipeline in pipelines { await pipeline.worker.stop() }
            demoCluster?.stop()
            throw error
        }

        let board = ClusterBoard(clusters: pipelines.map(\.scrapeCluster))
        let samplers = zip(pipelines, board.stores).map { pipeline, store in pipeline.makeSampler(store) }
        let routes = MetricsRoutes(
            source: board,
            options: .init(telemetryPath: telemetryPath, staleAfter: timing.readinessWindow, version: Self.version))
        let http = Application(
            router: routes.makeRouter(security: web.security), server: web.builder,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger)

        for pipeline in pipelines {
            pipeline.logger.info(
                "kafka-pulse \(Self.version) serving",
                metadata: [
                    "pulse.metrics": "\(web.scheme)://\(address)\(telemetryPath)",
                    "pulse.kafka": "\(pipeline.kafka.bootstrapServers.joined(separator: ","))",
                    "pulse.librdkafka": "\(pipeline.librdkafkaVersion)",
                    "pulse.interval": "\(pipeline.timing.interval)",
                    "pulse.kafka.properties": "\(RedactedClientProperties(pipeline.kafka))",
                ])
        }
        if let demoCluster {
            DemoBanner(scheme: web.scheme, address: address, telemetryPath: telemetryPath, guide: demoCluster.guide).print()
        }
        let children: [any Service] = (demoCluster.map { [$0] } ?? []) + pipelines.map(\.worker)
        return children.map { .init(service: $0) } + pipelines.flatMap(\.alertingServices)
            + samplers.map { .init(service: $0) } + [.init(service: http), .init(service: ShutdownNotice(logger: logger))]
    }
}
