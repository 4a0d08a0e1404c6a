import ArgumentParser
import Foundation
import PulseConfig
@testable import kafka_pulse

/// Runs the real start-up path short of `run()`: config file and environment folded in, argument-parser
/// parsing and every `validate()`. Returns the one line Entry would print before exiting 2, or nil.
enum CommandLineHarness {
    static func failure(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        var launch: LaunchArguments?
        do {
            launch = try LaunchArguments.resolve(arguments, environment: environment)
            _ = try KafkaPulse.parseAsRoot(launch?.arguments)
            _ = try launch?.clusters.map(Entry.parseCluster)
            return nil
        } catch {
            return Entry.startupFailure(error, launch: launch) ?? "clean exit"
        }
    }

    /// The root command as parsed, for checking what a config file set.
    static func parse(_ arguments: [String], environment: [String: String] = [:]) throws -> KafkaPulse {
        let launch = try LaunchArguments.resolve(arguments, environment: environment)
        let command = try KafkaPulse.parseAsRoot(launch.arguments)
        guard let root = command as? KafkaPulse else { throw StartupError("parsed \(type(of: command)), not the root command") }
        return root
    }

    /// Each `clusters:` entry's command as parsed, with its name.
    static func clusters(_ arguments: [String], environment: [String: String] = [:]) throws -> [(name: String, command: KafkaPulse)] {
        let launch = try LaunchArguments.resolve(arguments, environment: environment)
        return try launch.clusters.map { ($0.name, try Entry.parseCluster($0)) }
    }

    /// A config file with `yaml` in a fresh directory; the caller removes nothing (tmp is per test run).
    static func file(_ yaml: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("config.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
