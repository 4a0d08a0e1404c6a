/// Decides which of librdkafka's error events deserve a warning: the first of each cause, not the
/// one it repeats for every reconnect to every broker (a wrong password or an untrusted certificate
/// fails every few seconds, forever). Once Kafka answers again the slate is wiped, so the same
/// cause coming back is reported again.
public struct RepeatedErrorFilter: Sendable {
    private var reported: Set<String> = []
    private let capacity: Int

    public init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// True the first time a cause is seen since the last `reset()`.
    public mutating func shouldReport(name: String, reason: String) -> Bool {
        let cause = Self.key(name: name, reason: reason)
        guard !reported.contains(cause) else { return false }
        // A flood of distinct causes (one per broker of a huge cluster) must not grow without bound.
        if reported.count >= capacity { return false }
        reported.insert(cause)
        return true
    }

    /// One TLS failure arrives as two events (`_TRANSPORT` from the socket, `_SSL` from the
    /// handshake) with one OpenSSL error code: the code is the cause.
    /// "All brokers down" is one cause whatever counts it gives (librdkafka 2.14 raises it as
    /// "0/1 brokers are down" and then "1/1 brokers are down" for the same outage).
    static func key(name: String, reason: String) -> String {
        if let code = reason.firstMatch(of: /error:[0-9A-F]{8}:/) { return "openssl " + code.output }
        if name == "_ALL_BROKERS_DOWN" { return name }
        return name + ": " + cause(of: reason)
    }

    public mutating func reset() {
        reported.removeAll()
    }

    /// The reason without what differs between repeats of one cause: the thread and broker it
    /// happened on (`[thrd:ssl://host:9093/1]: ssl://host:9093/1: `) and librdkafka's timing tail
    /// (`(after 3ms in state ..., 2 identical error(s) suppressed)`).
    public static func cause(of reason: String) -> String {
        var text = Substring(reason)
        if text.hasPrefix("[thrd:"), let end = text.firstRange(of: "]: ") { text = text[end.upperBound...] }
        if let separator = text.firstRange(of: ": "), text[..<separator.lowerBound].contains("://") {
            text = text[separator.upperBound...]
        }
        if let tail = text.firstRange(of: " (after ") { text = text[..<tail.lowerBound] }
        return String(text)
    }
}
