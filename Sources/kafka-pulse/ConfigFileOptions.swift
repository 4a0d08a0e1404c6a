import ArgumentParser

/// `--config.file`: read by `LaunchArguments` before parsing; declared here so that help shows it and
/// the parser accepts it.
struct ConfigFileOptions: ParsableArguments {
    @Option(
        name: .customLong("config.file"),
        help: ArgumentHelp(
            "YAML file with any of these flags as keys (flags > KAFKA_PULSE_* environment > file).",
            valueName: "path"))
    var path: String?
}
