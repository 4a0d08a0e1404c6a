import Logging
import PulseCore
import Synchronization

/// State that librdkafka's callbacks reach through a handle's opaque pointer: the logger that
/// receives librdkafka's log lines and error events, and the per-API request counters.
final class ClientContext: Sendable {
    /// How loud librdkafka's lines are.
    enum Loudness: Sendable {
        /// The exporter's clients: librdkafka's warnings are the operator's warnings.
        case asReported
        /// The demo takes a broker down on purpose, so connection errors are the scenario working:
        /// everything but critical lines (syslog 0–2: librdkafka itself in trouble) goes to debug.
        case quiet
    }

    let logger: Logger
    private let loudness: Loudness
    private let requestCounts = Mutex<[Int16: Int]>([:])
    private let errorFilter = Mutex(RepeatedErrorFilter())

    init(logger: Logger, loudness: Loudness = .asReported) {
        self.logger = logger
        self.loudness = loudness
    }

    func countRequest(apiKey: Int16) {
        requestCounts.withLock { $0[apiKey, default: 0] += 1 }
    }

    /// Returns the requests counted since the last call, by API name, and starts counting afresh.
    func takeRequestCounts() -> [String: Int] {
        let counts = requestCounts.withLock { counts in
            defer { counts = [:] }
            return counts
        }
        var named: [String: Int] = [:]
        for (key, count) in counts { named[KafkaAPIName.name(forKey: key), default: 0] += count }
        return named
    }

    /// librdkafka levels are syslog levels (0 emergency … 7 debug).
    func log(level: Int32, facility: String, message: String) {
        let mapped: Logger.Level =
            switch (loudness, level) {
            case (_, ...2): .error
            case (.quiet, _): .debug
            case (.asReported, 3): .error
            case (.asReported, 4): .warning
            case (.asReported, 5), (.asReported, 6): .info
            default: .debug
            }
        logger.log(level: mapped, "\(message)", metadata: ["pulse.librdkafka.facility": "\(facility)"])
    }

    /// The first error event of each cause is a warning, its repeats (every reconnect) are debug.
    func error(name: String, reason: String) {
        let isNew = errorFilter.withLock { $0.shouldReport(name: name, reason: reason) }
        let level: Logger.Level = loudness == .quiet || !isNew ? .debug : .warning
        logger.log(level: level, "Kafka client error", metadata: ["pulse.error": "\(name): \(reason)"])
    }

    /// Kafka answered: an error that comes back later is news again.
    func kafkaAnswered() {
        errorFilter.withLock { $0.reset() }
    }
}
