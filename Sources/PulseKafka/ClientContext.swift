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
    /// librdkafka's lines and errors pass through this before they reach a log.
    let secretMask: SecretMask
    private let requestCounts = Mutex<[Int16: Int]>([:])
    private let errorFilter = Mutex(RepeatedErrorFilter())
    /// librdkafka's lines while the handle is being built, or nil when they go straight to the logger.
    private let heldLines = Mutex<[(level: Int32, facility: String, message: String)]?>(nil)

    init(logger: Logger, loudness: Loudness = .asReported, secretMask: SecretMask = SecretMask(properties: [:])) {
        self.logger = logger
        self.loudness = loudness
        self.secretMask = secretMask
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

    /// Holds librdkafka's lines from now on: while a handle is built, a failure must end in one
    /// line (librdkafka's error), not in the half dozen it logs on its way there.
    func holdLines() {
        heldLines.withLock { $0 = [] }
    }

    /// The handle was built: the held lines (configuration warnings, mostly) go to the logger.
    func releaseHeldLines() {
        let lines = heldLines.withLock { lines in
            defer { lines = nil }
            return lines ?? []
        }
        for line in lines { log(level: line.level, facility: line.facility, message: line.message) }
    }

    /// Building the handle failed: the held warnings and errors, to be folded into the error.
    func takeHeldProblems() -> [String] {
        let lines = heldLines.withLock { lines in
            defer { lines = nil }
            return lines ?? []
        }
        return lines.filter { $0.level <= 4 }.map { line in
            line.message.hasPrefix("[thrd:") ? String(line.message.drop { $0 != " " }.dropFirst()) : line.message
        }
    }

    /// librdkafka levels are syslog levels (0 emergency … 7 debug).
    func log(level: Int32, facility: String, message: String) {
        let message = secretMask.apply(message)
        let held = heldLines.withLock { lines -> Bool in
            guard lines != nil else { return false }
            lines?.append((level, facility, message))
            return true
        }
        if held { return }
        // librdkafka logs some of these (an ApiVersions timeout) without raising an error event.
        if facility == "FAIL", let diagnosis = ForeignListener.diagnosis(of: message) {
            reportForeignListener(diagnosis, name: facility, reason: message)
            return
        }
        var mapped: Logger.Level =
            switch (loudness, level) {
            case (_, ...2): .error
            case (.quiet, _): .debug
            case (.asReported, 3): .error
            case (.asReported, 4): .warning
            case (.asReported, 5), (.asReported, 6): .info
            default: .debug
            }
        if mapped >= .warning {
            // A broker failure (FAIL) is also raised as an error event, which `error` reports; the
            // rest repeat once per reconnect: the first of each cause is enough above debug.
            let isNew = facility != "FAIL" && errorFilter.withLock { $0.shouldReport(name: facility, reason: message) }
            if !isNew { mapped = .debug }
        }
        logger.log(level: mapped, "\(message)", metadata: ["pulse.librdkafka.facility": "\(facility)"])
    }

    /// The first error event of each cause is a warning, its repeats (every reconnect) are debug.
    func error(name: String, reason: String) {
        let reason = secretMask.apply(reason)
        if let diagnosis = ForeignListener.diagnosis(of: reason) {
            reportForeignListener(diagnosis, name: name, reason: reason)
            return
        }
        let isNew = errorFilter.withLock { $0.shouldReport(name: name, reason: reason) }
        let level: Logger.Level = loudness == .quiet || !isNew ? .debug : .warning
        logger.log(level: level, "Kafka client error", metadata: ["pulse.error": "\(name): \(reason)"])
    }

    /// A port that answers but is not Kafka, named as such: librdkafka's own text blames frame sizes or
    /// broker versions. One warning per diagnosis, whether it came as a log line, an error event or both.
    private func reportForeignListener(_ diagnosis: String, name: String, reason: String) {
        let isNew = errorFilter.withLock { $0.shouldReport(name: "not Kafka", reason: diagnosis) }
        let level: Logger.Level = loudness == .quiet || !isNew ? .debug : .warning
        logger.log(level: level, "\(diagnosis)", metadata: ["pulse.error": "\(name): \(reason)"])
    }

    /// Kafka answered: an error that comes back later is news again.
    func kafkaAnswered() {
        errorFilter.withLock { $0.reset() }
    }
}
