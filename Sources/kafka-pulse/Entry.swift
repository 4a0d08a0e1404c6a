import ArgumentParser
import Foundation
import Glibc
import PulseConfig

/// Parses the command line and runs it. A bad flag prints one line and exits 2, like Go exporters,
/// instead of argument-parser's multi-line usage dump.
@main
enum Entry {
    static func main() async {
        // Writing to a worker that just died must fail the write, not kill the exporter.
        signal(SIGPIPE, SIG_IGN)
        var launch: LaunchArguments?
        do {
            launch = try LaunchArguments.resolve(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
            var command = try KafkaPulse.parseAsRoot(launch?.arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
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
