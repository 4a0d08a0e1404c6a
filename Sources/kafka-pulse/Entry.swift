import ArgumentParser
import Foundation
import Glibc

/// Parses the command line and runs it. A bad flag prints one line and exits 2, like Go exporters,
/// instead of argument-parser's multi-line usage dump.
@main
enum Entry {
    static func main() async {
        // Writing to a worker that just died must fail the write, not kill the exporter.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try KafkaPulse.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch let startup as StartupError {
            printError(startup.message)
            Glibc.exit(2)
        } catch {
            guard KafkaPulse.exitCode(for: error) != .success else { KafkaPulse.exit(withError: error) }
            let message = KafkaPulse.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            printError(message)
            Glibc.exit(2)
        }
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
