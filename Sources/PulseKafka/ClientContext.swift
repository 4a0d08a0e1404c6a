internal import CRDKafka
import Logging
import Synchronization

/// State that librdkafka's callbacks reach through the handle's opaque pointer: the logger that
/// receives librdkafka's log lines and the per-API request counters.
final class ClientContext: Sendable {
    let logger: Logger
    private let requestCounts = Mutex<[Int16: Int]>([:])

    init(logger: Logger) {
        self.logger = logger
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
            switch level {
            case ...3: .error
            case 4: .warning
            case 5, 6: .info
            default: .debug
            }
        logger.log(level: mapped, "\(message)", metadata: ["pulse.librdkafka.facility": "\(facility)"])
    }
}
