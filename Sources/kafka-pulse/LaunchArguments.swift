import Foundation
import PulseConfig

/// The root command's arguments with the config file and `KAFKA_PULSE_*` variables folded in:
/// flags > environment > file, per key. The subcommand (healthcheck) gets its arguments untouched.
struct LaunchArguments {
    let arguments: [String]
    let layers: LayeredSettings?

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
        var fileSettings: [ConfigSetting] = []
        if let path = configPath(in: arguments) ?? environment["KAFKA_PULSE_CONFIG_FILE"] {
            fileSettings = try ConfigFileReader(schema: schema, environment: environment).settings(path: path)
        }
        let environmentSettings = try EnvironmentReader(schema: schema).settings(environment: environment)
        let layers = LayeredSettings(
            file: fileSettings, environment: environmentSettings,
            commandLineKeys: CommandLineKeys.given(in: arguments, schema: schema))
        return LaunchArguments(arguments: layers.tokens + arguments, layers: layers)
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
