import ArgumentParser
import Logging
import PulseCore
import PulseKafka
import PulseLogging
import PulseWorkerProtocol

/// `kafka-pulse-worker sample`: the sampling worker process. Started by the exporter, never by hand;
/// it reads its configuration and sample requests on stdin and answers on stdout.
struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "The sampling worker: commands on stdin, samples on stdout (the exporter's side of the pipe).")

    @OptionGroup var log: LogOptions

    /// The cluster this worker reads when the exporter watches several: every line says which.
    @Option(name: .customLong("cluster"), help: "The cluster's name, for log lines.")
    var cluster: String?

    func run() async throws {
        log.bootstrap(process: "worker")
        var logger = Logger(label: "kafka-pulse.worker")
        if let cluster { logger[metadataKey: "pulse.cluster"] = "\(cluster)" }
        let status = await WorkerLoop.run(librdkafkaVersion: Librdkafka.version, logger: logger) { configuration in
            guard Librdkafka.isSupported else {
                throw StartupError("librdkafka \(Librdkafka.version) is too old: kafka-pulse needs 2.3.0 or newer")
            }
            return try KafkaClusterReader(configuration: configuration, logger: logger)
        }
        throw ExitCode(status)
    }
}
