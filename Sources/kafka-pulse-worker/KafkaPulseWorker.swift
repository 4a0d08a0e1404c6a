import ArgumentParser
import Glibc
import PulseCore

/// `kafka-pulse-worker`: every process of kafka-pulse that calls librdkafka. The exporter starts it,
/// never a user: `sample` is the sampling worker, `demo-cluster` the demo's mock cluster. Apart from
/// the exporter so that neither binary maps the other's libraries (librdkafka here; NIO, TLS and
/// HTTP there).
@main
struct KafkaPulseWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-pulse-worker",
        abstract: "kafka-pulse's librdkafka processes, started by the exporter (kafka-pulse), not by hand.",
        subcommands: [SampleCommand.self, DemoClusterCommand.self]
    )

    /// A bad argument prints one line and exits 2, as the exporter does: whoever reads the log sees
    /// the reason, not a usage dump.
    static func main() async {
        // Writing to an exporter that is gone must fail the write (and end the loop), not kill us.
        signal(SIGPIPE, SIG_IGN)
        HeapTuning.fixMmapThreshold()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            try? FileDescriptor.standardError.writeAll("kafka-pulse-worker: \(message)\n".utf8)
            Glibc.exit(2)
        }
    }
}
