import Foundation
import PulseConfig

/// The root command's arguments with the config file and `KAFKA_PULSE_*` variables folded in:
/// flags > environment > file, per key. The subcommand (healthcheck) gets its arguments untouched.
struct LaunchArguments {
    let arguments: [String]
    let layers: LayeredSettings?
    /// The config file's `clusters:` entries, each with its own arguments; empty without the list.
    var clusters: [ClusterLaunch] = []

    /// One cluster's arguments: the file's top level, the environment, the entry's keys over both,
    /// and the command line, in the order argument-parser applies them.
    struct ClusterLaunch {
        let name: String
        let arguments: [String]
        let layers: LayeredSettings
    }

    static func resolve(_ arguments: [String], environment: [String: String]) throws -> LaunchArguments {
        if let first = arguments.first, try first == "help" || CommandSchema.subcommandNames().contains(first) {
            return LaunchArguments(arguments: arguments, layers: nil)
        }
        // Help and version must work even when the file or a variable is broken.
        if arguments.prefix(while: { $0 != "--" }).contains(where: { ["-h", "--help", "--version"].contains($0) }) {
            return LaunchArguments(arguments: arguments, layers: nil)
        }
        let schema = try CommandSchema.root()
        let arguments = KingpinArguments.rewrite(arguments, schema: schema)
        var file = ConfigFileContents.empty
        if let path = configPath(in: arguments) ?? environment["KAFKA_PULSE_CONFIG_FILE"] {
            file = try ConfigFileReader(schema: schema, environment: environment).contents(path: path)
        }
        let environmentSettings = try EnvironmentReader(schema: schema).settings(environment: environment)
        let commandLineKeys = CommandLineKeys.given(in: arguments, schema: schema)
        let layers = LayeredSettings(file: file.settings, environment: environmentSettings, commandLineKeys: commandLineKeys)
        var launch = LaunchArguments(arguments: layers.tokens + arguments, layers: layers)
        guard !file.clusters.isEmpty else { return launch }
        // `demo: false` says nothing against the list; every other value of these keys does.
        let topLevel = Set(layers.settings.filter { $0.value != .flag(false) }.map { $0.key.name }).union(commandLineKeys)
        for key in ["kafka.server", "demo", "cluster.name"] where topLevel.contains(key) {
            let origin = layers.origins[key].map { "\($0)" } ?? "the command line"
            throw StartupError("\(key) (from \(origin)) cannot be given beside the config file's clusters: list; each cluster names itself and its own kafka.server")
        }
        launch.clusters = try file.clusters.map { entry in
            for setting in entry.settings where commandLineKeys.contains(setting.key.name) {
                throw StartupError(
                    "--\(setting.key.name) is given on the command line and by cluster '\(entry.name)' (\(setting.origin)): set it in one place")
            }
            // The entry's keys replace the top level's and the environment's, lists included.
            let clusterLayers = LayeredSettings(
                file: file.settings, environment: environmentSettings + entry.settings, commandLineKeys: commandLineKeys)
            return ClusterLaunch(
                name: entry.name, arguments: clusterLayers.tokens + ["--cluster.name=\(entry.name)"] + arguments, layers: clusterLayers)
        }
        return launch
    }

    /// The value of `--config.file` (either form), when given before `--`.
    static func configPath(in arguments: [String]) -> String? {
        var index = arguments.startIndex
        while index < arguments.endIndex, arguments[index] != "--" {
            let argument = arguments[index]
            if argument.hasPrefix("--config.file=") { return String(argument.dropFirst("--config.file=".count)) }
            if argument == "--config.file", index + 1 < arguments.endIndex { return arguments[index + 1] }
            index += 1
        }
        return nil
    }

    /// A parse or validation error, pointing at the file line or variable the bad value came from.
    func annotate(_ message: String) -> String {
        layers?.annotate(message) ?? message
    }
}
