import ArgumentParser
import PulseHTTP

/// What a first run needs, shown first in `--help`: where Kafka is, where to listen, the config
/// file, how often to sample.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("kafka.server"), help: "Kafka bootstrap server host:port (repeatable or comma-separated). None: run the demo.")
    var kafkaServers: [String] = []

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on for /metrics.")
    var listenAddress = ":9308"

    @OptionGroup var configFile: ConfigFileOptions

    @Option(name: .customLong("sample.interval"), help: "How often to sample Kafka (e.g. 10s, 1m). Default: 10s; 2s for the demo.")
    var sampleIntervalFlag: DurationFlag?

    @Flag(name: .customLong("demo"), help: "Start the built-in demo cluster and sample it.")
    var demo = false

    func validate() throws {
        guard ListenAddress(parsing: listenAddress) != nil else {
            throw ValidationError("--web.listen-address \(listenAddress): expected host:port, e.g. :9308")
        }
        try sampleIntervalFlag?.check("sample.interval", within: .milliseconds(100) ... .seconds(86_400), "between 100ms and 24h")
        for server in bootstrapServers where !server.contains(":") {
            throw ValidationError("--kafka.server \(server): expected host:port")
        }
        for server in bootstrapServers where server.hasPrefix(":") || (ListenAddress(parsing: server).map { $0.port == 0 } ?? true) {
            throw ValidationError("--kafka.server \(server): expected host:port with a port from 1 to 65535")
        }
    }

    var bootstrapServers: [String] {
        kafkaServers.flatMap { $0.split(separator: ",") }.map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
    }
}
