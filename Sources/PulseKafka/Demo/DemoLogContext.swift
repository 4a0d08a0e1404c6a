import Logging

/// What the demo's librdkafka callbacks reach through a handle's opaque pointer: the logger that
/// receives librdkafka's log lines and error events for one simulated client.
final class DemoLogContext: Sendable {
    let logger: Logger

    init(logger: Logger, client: String) {
        var logger = logger
        logger[metadataKey: "pulse.demo.client"] = "\(client)"
        self.logger = logger
    }

    /// The demo takes a broker down on purpose, so librdkafka's connection errors and warnings are
    /// the scenario working, not a fault: they go to debug. Only critical lines (syslog 0–2, which
    /// mean librdkafka itself is in trouble) stay errors.
    func log(level: Int32, facility: String, message: String) {
        let mapped: Logger.Level = level <= 2 ? .error : .debug
        logger.log(level: mapped, "\(message)", metadata: ["pulse.librdkafka.facility": "\(facility)"])
    }

    /// Error events (for example "all brokers down" while broker 2 is out) follow the same reasoning.
    func error(name: String, reason: String) {
        logger.debug("librdkafka error event", metadata: ["pulse.error": "\(name): \(reason)"])
    }
}
