internal import CRDKafka
import Dispatch
public import Logging
public import PulseCore

/// One librdkafka client handle used for admin requests only.
///
/// `@unchecked Sendable`: librdkafka handles are thread-safe (every rd_kafka_* call on a handle
/// may come from any thread), and `handle` never changes after init.
public final class AdminClient: @unchecked Sendable {
    let handle: OpaquePointer
    let context: ClientContext
    let requestTimeoutSeconds: Double

    public init(configuration: KafkaSourceConfiguration, logger: Logger) throws(KafkaReadError) {
        context = ClientContext(logger: logger)
        requestTimeoutSeconds = configuration.requestTimeoutSeconds
        let conf = RDKafkaConf()
        try conf.set("bootstrap.servers", configuration.bootstrapServers.joined(separator: ","))
        try conf.set("client.id", "kafka-pulse")
        // Recover quickly once a broker is back: the default backoff grows to 10 s.
        try conf.set("reconnect.backoff.max.ms", "2000")
        try conf.set("log.connection.close", "false")
        for (key, value) in configuration.clientProperties.sorted(by: { $0.key < $1.key }) {
            try conf.set(key, value)
        }
        guard let confPointer = conf.pointer else { throw KafkaReadError(.clientCreation, "configuration released twice") }
        // The context outlives the handle: `deinit` destroys the handle before `context` is released.
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        rd_kafka_conf_set_opaque(confPointer, opaque)
        rd_kafka_conf_set_log_cb(confPointer, forwardLog)
        rd_kafka_conf_set_error_cb(confPointer, forwardError)
        let interceptorError = rd_kafka_conf_interceptor_add_on_new(confPointer, "kafka-pulse", installInterceptors, opaque)
        guard interceptorError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaReadError(.clientCreation, "cannot install request counter: \(String(cString: rd_kafka_err2str(interceptorError)))")
        }

        var errorText = [CChar](repeating: 0, count: 512)
        guard let created = rd_kafka_new(RD_KAFKA_PRODUCER, confPointer, &errorText, errorText.count) else {
            throw KafkaReadError(.clientCreation, "cannot create Kafka client: \(decodeErrorText(errorText))")
        }
        _ = conf.release()
        handle = created
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// Serves librdkafka's main queue, where error events wait: without a poll they pile up unseen.
    func serveMainQueue() {
        _ = rd_kafka_poll(handle, 0)
    }

    /// Requests sent since the last call, by API name.
    func takeRequestCounts() -> [String: Int] { context.takeRequestCounts() }

    func timeoutMilliseconds(_ seconds: Double) -> Int32 { Int32(max(0.001, min(seconds, 3600)) * 1000) }

    /// How long past a request's own timeout to wait for librdkafka to deliver its timeout result.
    static let resultGrace = 0.25

    /// Admin options with a request timeout; the caller destroys them after the request is queued
    /// (librdkafka copies them).
    func makeOptions(_ operation: rd_kafka_admin_op_t, timeoutSeconds: Double) -> OpaquePointer? {
        guard let options = rd_kafka_AdminOptions_new(handle, operation) else { return nil }
        var errorText = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMilliseconds(timeoutSeconds), &errorText, errorText.count)
        return options
    }
}

/// Runs a blocking librdkafka call on a Dispatch thread so that no Swift concurrency thread waits on C.
func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: body()) }
    }
}

private func context(of handle: OpaquePointer?) -> ClientContext? {
    guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
    return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
}

private func forwardLog(_ handle: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?) {
    guard let context = context(of: handle) else { return }
    context.log(level: level, facility: facility.map { String(cString: $0) } ?? "", message: message.map { String(cString: $0) } ?? "")
}

private func forwardError(_ handle: OpaquePointer?, _ code: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let opaque else { return }
    let context = Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    let name = String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code)))
    context.logger.warning("Kafka client error", metadata: ["pulse.error": "\(name): \(reason.map { String(cString: $0) } ?? "")"])
}

private func installInterceptors(
    _ handle: OpaquePointer?, _ conf: OpaquePointer?, _ opaque: UnsafeMutableRawPointer?, _ errorText: UnsafeMutablePointer<CChar>?, _ errorTextSize: Int
) -> rd_kafka_resp_err_t {
    rd_kafka_interceptor_add_on_request_sent(handle, "kafka-pulse", countRequest, opaque)
}

private func countRequest(
    _ handle: OpaquePointer?, _ socket: Int32, _ brokerName: UnsafePointer<CChar>?, _ brokerID: Int32, _ apiKey: Int16,
    _ apiVersion: Int16, _ correlationID: Int32, _ size: Int, _ opaque: UnsafeMutableRawPointer?
) -> rd_kafka_resp_err_t {
    guard let opaque else { return RD_KAFKA_RESP_ERR_NO_ERROR }
    Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue().countRequest(apiKey: apiKey)
    return RD_KAFKA_RESP_ERR_NO_ERROR
}
