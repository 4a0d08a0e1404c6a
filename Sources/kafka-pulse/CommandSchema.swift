import ArgumentParser
import Foundation
import PulseConfig

/// The keys a config file may hold, read from argument-parser's own description of the root command
/// (`_dumpHelp()`, the ToolInfoV0 JSON behind `--experimental-dump-help`), so that every flag added to
/// `KafkaPulse` is a config key and a `KAFKA_PULSE_*` variable without a list kept by hand.
enum CommandSchema {
    /// Mapping sections of the file: each entry becomes one `key=value` of the named repeating option.
    static let sections = ["librdkafka": "kafka.property"]
    /// Not settings: the file cannot name itself, help and version are not configuration.
    static let excluded: Set<String> = ["help", "version", "config.file"]
    /// What a `clusters:` entry may set: where the cluster is and how to log in, what to read and
    /// how often, how to shard it. HTTP, logging, alerting and the worker binary belong to the
    /// process.
    static let perCluster = PerClusterKeys(
        prefixes: ["kafka.", "sasl.", "tls.", "topic.", "group.", "sample.", "rate.", "status.", "transaction.", "shard.", "metrics.", "offset.", "refresh."],
        names: ["worker.recycle-after"])

    /// Rendered once: the command's definition does not change while the process runs.
    private static let dumped = Result { try JSONDecoder().decode(DumpedTool.self, from: Data(KafkaPulse._dumpHelp().utf8)) }

    static func root() throws -> ConfigSchema {
        schema(from: try dumped.get().command.arguments ?? [])
    }

    static func subcommandNames() throws -> Set<String> {
        Set((try dumped.get().command.subcommands ?? []).flatMap { [$0.commandName] + ($0.aliases ?? []) })
    }

    static func schema(from arguments: [DumpedArgument]) -> ConfigSchema {
        let longNames = arguments.map { argument in
            (argument, (argument.names ?? []).first { $0.kind == "long" }?.name)
        }
        let flagNames = Set(longNames.compactMap { $0.0.kind == "flag" ? $0.1 : nil })
        var keys: [ConfigKey] = []
        for (argument, name) in longNames {
            guard let name, !excluded.contains(name) else { continue }
            switch argument.kind {
            case "flag":
                // `--no-x` is the other half of `--x`: the key is `x: false`.
                if name.hasPrefix("no-"), flagNames.contains(String(name.dropFirst(3))) { continue }
                keys.append(ConfigKey(name: name, kind: .flag(invertible: flagNames.contains("no-" + name))))
            case "option":
                keys.append(ConfigKey(name: name, kind: argument.isRepeating ? .repeatingOption : .option))
            default:
                continue
            }
        }
        return ConfigSchema(keys: keys, sections: sections, perCluster: perCluster)
    }
}

/// The few ToolInfoV0 fields the schema needs (ArgumentParserToolInfo is not a library product).
struct DumpedTool: Decodable {
    let command: DumpedCommand
}

struct DumpedCommand: Decodable {
    let commandName: String
    let aliases: [String]?
    let subcommands: [DumpedCommand]?
    let arguments: [DumpedArgument]?
}

struct DumpedArgument: Decodable {
    struct Name: Decodable {
        let kind: String
        let name: String
    }

    let kind: String
    let isRepeating: Bool
    let names: [Name]?
}
