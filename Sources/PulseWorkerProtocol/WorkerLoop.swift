import Dispatch
import Glibc
public import Logging
public import PulseCore

/// The worker's side of the process boundary: reads commands from stdin, answers on stdout.
/// Everything that calls librdkafka runs here, never in the exporter's process.
public enum WorkerLoop {
    /// Runs until stdin closes (the exporter stopped or killed us). Returns the exit status.
    public static func run(
        librdkafkaVersion: String, logger: Logger,
        makeReader: (KafkaSourceConfiguration) throws -> any ClusterReader
    ) async -> Int32 {
        let channel = FrameChannel(input: .standardInput, output: .standardOutput)
        var reader: (any ClusterReader)?
        while true {
            let command: WorkerCommand
            switch await readOffThread(channel) {
            case .endOfFile:
                // Releasing the reader may still talk to Kafka (a --shard.group consumer leaves its
                // group); the exporter is gone, so nothing is worth waiting longer than this for.
                DispatchQueue.global().asyncAfter(deadline: .now() + 5) { exit(0) }
                return 0
            case .corrupt(let reason):
                logger.error("worker received a corrupt frame", metadata: ["pulse.error": "\(reason)"])
                return 2
            case .frame(let data):
                do {
                    command = try FrameChannel.decode(WorkerCommand.self, from: data)
                } catch {
                    logger.error("worker received an undecodable command", metadata: ["pulse.error": "\(error)"])
                    return 2
                }
            }
            do {
                switch command {
                case .configure(let configuration):
                    do {
                        reader = try makeReader(configuration)
                        try channel.write(WorkerReply.ready(librdkafkaVersion: librdkafkaVersion))
                    } catch let error as EncodingError {
                        throw error
                    } catch {
                        try channel.write(WorkerReply.fatal("\(error)"))
                        return 2
                    }
                case .sample(let request):
                    guard let reader else {
                        try channel.write(WorkerReply.fatal("sample requested before configuration"))
                        return 2
                    }
                    try channel.write(WorkerReply.sample(try await reader.read(request)))
                    // The sample's librdkafka results and frame are freed by now; between samples the
                    // worker holds little, so its heap should not keep the peak.
                    HeapTuning.returnFreePages()
                }
            } catch {
                // The exporter is gone or the pipe broke: nothing left to answer to.
                logger.debug("worker stops", metadata: ["pulse.error": "\(error)"])
                return 0
            }
        }
    }

    private static func readOffThread(_ channel: FrameChannel) async -> FrameChannel.ReadResult {
        await runBlocking { channel.read() }
    }
}
