import Foundation
import Logging
import PulseConfig
import PulseCore
import PulseExposition
import PulseLogging
import PulseSampler
import PulseSupervisor
import ServiceLifecycle

/// One cluster's part of the exporter: its own worker process, sampler and alerting, so that a
/// crash, hang or outage of one cluster never touches another's sampling or series. The command
/// it is built from is the cluster's own parse of the arguments (its `clusters:` entry over the
/// file's top level, or the whole command line for a single cluster).
struct ClusterPipeline {
    let name: String?
    let worker: SupervisedWorker
    let kafka: KafkaSourceConfiguration
    let logger: Logger
    let librdkafkaVersion: String
    /// Decided when the worker starts; the sampler is made once the board has the cluster's store.
    let makeSampler: @Sendable (SnapshotStore) -> Sampler
    let alertingServices: [ServiceGroupConfiguration.ServiceConfiguration]
    let timing: SampleTiming

    var scrapeCluster: ScrapeCluster {
        ScrapeCluster(name: name, kafkaClientProperties: RedactedClientProperties(kafka), staleAfter: timing.readinessWindow)
    }
}

extension KafkaPulse {
    /// Checks this cluster's flags, starts its worker (and the demo cluster when it is the demo)
    /// and prepares its sampler. Throws the one line to refuse the start with.
    func startCluster(
        executable: URL, log: LogOptions, logger parentLogger: Logger, listenPort: Int, demoCluster: inout DemoClusterProcess?
    ) async throws -> ClusterPipeline {
        var logger = parentLogger
        if let clusterName { logger[metadataKey: "pulse.cluster"] = "\(clusterName)" }
        let scopeOptions = effectiveScopeOptions
        let shardGroup = try shardOptions.shardGroup()
        // In group mode the worker reports the shards each sample was read under; until the first
        // one, this replica owns none.
        let shard = try shardGroup.map { ShardAssignment(group: $0.name, owned: [], partitionCount: 0) } ?? shardOptions.assignment()
        var scope = try scopeOptions.scope()
        scope.shard = shard
        scope.shardGroup = shardGroup
        let constantLabels = try kafkaExporter.constantLabels(cluster: clusterName)
        // Checked by validate(); a pattern that selects nothing is most likely a typo.
        // Limited to the cluster-wide families per sample, by the shard the sample was read under.
        let families = try metricsSelection.selection()
        for warning in families.warnings { logger.warning("\(warning)") }
        let timing = self.timing
        let alerting = try alertmanagerOptions.makeAlerting(
            evaluationInterval: timing.interval, listenPort: listenPort, clusterName: clusterName,
            // Group mode keeps every rule: each evaluation follows the snapshot's shard.
            shard: shardGroup == nil ? shard : .whole, logger: logger)
        let kafka: KafkaSourceConfiguration
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
                executable: executable, arguments: ["sample"] + log.arguments + (clusterName.map { ["--cluster", $0] } ?? []),
                configuration: kafka,
                recycleAfterSamples: recycleAfter),
            logger: logger)
        do {
            try await worker.start()
        } catch {
            throw StartupError((clusterName.map { "cluster \($0): " } ?? "") + error.detail)
        }
        let build = BuildInfo(version: Self.version, librdkafkaVersion: await worker.librdkafkaVersion ?? "unknown")
        let options = Sampler.Options(
            timing: timing, topicConfigInterval: scopeOptions.topicConfigInterval.duration,
            snapshot: SnapshotOptions(
                rateWindowSeconds: scopeOptions.rateWindow.duration.inSeconds,
                export: statusOptions.export(scopeOptions.exportOptions(shard: shard)),
                status: statusOptions.rules, transactions: transactionOptions.rules),
            constantLabels: constantLabels, families: families)
        let hooks = alerting.hooks
        let samplerLogger = logger
        return ClusterPipeline(
            name: clusterName, worker: worker, kafka: kafka, logger: logger, librdkafkaVersion: build.librdkafkaVersion,
            makeSampler: { store in
                Sampler(
                    reader: worker, store: store, build: build, options: options, logger: samplerLogger,
                    restartsSoFar: { await worker.restartsAfterFailure }, hooks: hooks)
            },
            alertingServices: alerting.services, timing: timing)
    }
}
