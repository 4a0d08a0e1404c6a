import ArgumentParser
import Foundation
import Glibc
import PulseConfig
import PulseCore

/// Parses the command line and runs it. A bad flag prints one line and exits 2, like Go exporters,
/// instead of argument-parser's multi-line usage dump.
@main
enum Entry {
    static func main() async {
        // Writing to a worker that just died must fail the write, not kill the exporter.
        signal(SIGPIPE, SIG_IGN)
        HeapTuning.fixMmapThreshold()
        var launch: LaunchArguments?
        do {
            launch = try LaunchArguments.resolve(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
            var command = try KafkaPulse.parseAsRoot(launch?.arguments)
            if let pulse = command as? KafkaPulse, let clusters = launch?.clusters, !clusters.isEmpty {
                try await pulse.run(clusters: try clusters.map(parseCluster))
            } else if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            guard let message = startupFailure(error, launch: launch) else { KafkaPulse.exit(withError: error) }
            printError(message)
            Glibc.exit(2)
        }
    }

    /// One `clusters:` entry's arguments, parsed and validated as the root command's are; a bad
    /// value is reported with the cluster's name and where the value came from.
    static func parseCluster(_ cluster: LaunchArguments.ClusterLaunch) throws -> KafkaPulse {
        do {
            guard let command = try KafkaPulse.parseAsRoot(cluster.arguments) as? KafkaPulse else {
                throw StartupError("cluster \(cluster.name): the arguments name a subcommand")
            }
            return command
        } catch let startup as StartupError {
            throw startup
        } catch {
            let message = KafkaPulse.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw StartupError("cluster \(cluster.name): \(cluster.layers.annotate(message))")
        }
    }

    /// The one line to print before exiting 2, or nil when `error` is a clean exit (help, version).
    static func startupFailure(_ error: any Error, launch: LaunchArguments?) -> String? {
        if let startup = error as? StartupError { return startup.message }
        if let config = error as? ConfigError { return config.message }
        guard KafkaPulse.exitCode(for: error) != .success else { return nil }
        var message = KafkaPulse.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        if let launch, let hint = ParseFailureHint.message(replacing: message, arguments: launch.arguments) { message = hint }
        return launch?.annotate(message) ?? message
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("kafka-pulse: \(message)\n".utf8))
    }
}

/// A reason not to start, shown as one line.
struct StartupError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
