import Foundation
import Hummingbird
import Logging
import PulseCore
import PulseExposition
import PulseConfig
import PulseHTTP
import PulseSampler
import PulseLogging
import PulseSupervisor
import ServiceLifecycle

extension KafkaPulse {
    /// Every long-running part of the exporter, in the order they start: the demo cluster, the
    /// worker that reads it, alert notification, the sampler, HTTP. The group stops them in
    /// reverse, so nothing stops while something still uses it. Steps that can refuse to start run
    /// before any child process is launched.
    func services(log: LogOptions, logger: Logger) async throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        // The one validated above; parse cannot fail here.
        guard let address = ListenAddress(parsing: listenAddress) else { throw StartupError("invalid listen address") }
        try await ListenPreflight.check(address)
        let executable = try WorkerExecutable.resolve(flag: workerExecutable, ownExecutable: WorkerExecutable.ownExecutable())
        let web = try webConfig.server(
            limits: ServerLimits(idleTimeout: idleTimeout.duration), logger: logger, flagConfig: kafkaExporter.webConfig())
        let scopeOptions = effectiveScopeOptions
        let shardGroup = try shardOptions.shardGroup()
        // In group mode the worker reports the shards each sample was read under; until the first
        // one, this replica owns none.
        let shard = try shardGroup.map { ShardAssignment(group: $0.name, owned: [], partitionCount: 0) } ?? shardOptions.assignment()
        var scope = try scopeOptions.scope()
        scope.shard = shard
        scope.shardGroup = shardGroup
        let constantLabels = try kafkaExporter.constantLabels()
        // Checked by validate(); a pattern that selects nothing is most likely a typo.
        // Limited to the cluster-wide families per sample, by the shard the sample was read under.
        let families = try metricsSelection.selection()
        for warning in families.warnings { logger.warning("\(warning)") }
        let timing = self.timing
        let alerting = try alertmanagerOptions.makeAlerting(
            evaluationInterval: timing.interval, listenPort: address.port,
            // Group mode keeps every rule: each evaluation follows the snapshot's shard.
            shard: shardGroup == nil ? shard : .whole, logger: logger)
        let kafka: KafkaSourceConfiguration
        var demoCluster: DemoClusterProcess?
        if runsDemo {
            let started = try DemoClusterProcess(executable: executable, logArguments: log.arguments, logger: logger)
            demoCluster = started
            logger.info(
                "demo cluster started: three mock brokers and the shop's services",
                metadata: ["pulse.bootstrap": "\(started.bootstrapServers)", "pulse.groups": "\(started.groups.joined(separator: ","))"])
            kafka = KafkaSourceConfiguration(
                bootstrapServers: [started.bootstrapServers], explicitGroups: started.groups, scope: scope,
                mockClusterCompatible: true, groupOffsetConcurrency: groupOffsetConcurrency)
        } else {
            let settings = try security.settings()
            for warning in settings.warnings { logger.warning("\(warning)") }
            kafka = KafkaSourceConfiguration(
                bootstrapServers: bootstrapServers, clientProperties: settings.clientProperties, secretFiles: settings.secretFiles,
                explicitGroups: scopeOptions.explicitGroups, scope: scope,
                mockClusterCompatible: mockCluster, groupOffsetConcurrency: groupOffsetConcurrency)
        }

        let worker = SupervisedWorker(
            options: .init(
                executable: executable, arguments: ["sample"] + log.arguments, configuration: kafka,
                recycleAfterSamples: recycleAfter),
            logger: logger)
        do {
            try await worker.start()
        } catch {
            demoCluster?.stop()
            throw StartupError(error.detail)
        }
        let build = BuildInfo(version: Self.version, librdkafkaVersion: await worker.librdkafkaVersion ?? "unknown")

        let store = SnapshotStore()
        let sampler = Sampler(
            reader: worker, store: store, build: build,
            options: .init(
                timing: timing, topicConfigInterval: scopeOptions.topicConfigInterval.duration,
                snapshot: SnapshotOptions(
                    rateWindowSeconds: scopeOptions.rateWindow.duration.inSeconds,
                    export: statusOptions.export(scopeOptions.exportOptions(shard: shard)),
                    status: statusOptions.rules, transactions: transactionOptions.rules),
                constantLabels: constantLabels, families: families),
            logger: logger,
            restartsSoFar: { await worker.restartsAfterFailure }, hooks: alerting.hooks)
        let routes = MetricsRoutes(
            source: store,
            options: .init(
                telemetryPath: telemetryPath, staleAfter: timing.readinessWindow, version: Self.version,
                kafkaClientProperties: RedactedClientProperties(kafka)))
        let http = Application(
            router: routes.makeRouter(security: web.security), server: web.builder,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger)

        logger.info(
            "kafka-pulse \(Self.version) serving",
            metadata: [
                "pulse.metrics": "\(web.scheme)://\(address)\(telemetryPath)", "pulse.kafka": "\(kafka.bootstrapServers.joined(separator: ","))",
                "pulse.librdkafka": "\(build.librdkafkaVersion)", "pulse.interval": "\(sampleInterval)",
                "pulse.kafka.properties": "\(RedactedClientProperties(kafka))",
            ])
        if let demoCluster {
            DemoBanner(scheme: web.scheme, address: address, telemetryPath: telemetryPath, guide: demoCluster.guide).print()
        }
        let children: [any Service] = (demoCluster.map { [$0] } ?? []) + [worker]
        return children.map { .init(service: $0) } + alerting.services
            + [.init(service: sampler), .init(service: http), .init(service: ShutdownNotice(logger: logger))]
    }
}
