internal import CRDKafka
import Logging
import PulseCore

/// Owns one librdkafka client handle, with librdkafka's log lines and error events routed to a
/// swift-log `Logger` and, when asked, every protocol request counted by API.
///
/// `@unchecked Sendable`: librdkafka handles are thread-safe (every rd_kafka_* call on a handle may
/// come from any thread), and `pointer` never changes after init.
final class ClientHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let context: ClientContext

    /// `properties` are applied in order, after kafka-pulse's defaults; librdkafka's own text
    /// names a rejected one. `configure` sets callbacks of the handle's own (a consumer's rebalance).
    init(
        _ type: rd_kafka_type_t, clientID: String, properties: [(String, String)], context: ClientContext,
        countRequests: Bool, configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaReadError) {
        self.context = context
        let conf = RDKafkaConf()
        try conf.set("client.id", clientID)
        try conf.set("log.connection.close", "false")
        for (key, value) in properties { try conf.set(key, value) }
        guard let confPointer = conf.pointer else { throw KafkaReadError(.clientCreation, "configuration released twice") }
        // The context outlives the handle: `deinit` destroys the handle before `context` is released.
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        rd_kafka_conf_set_opaque(confPointer, opaque)
        rd_kafka_conf_set_log_cb(confPointer, forwardLog)
        rd_kafka_conf_set_error_cb(confPointer, forwardError)
        configure(confPointer)
        if countRequests {
            let installed = rd_kafka_conf_interceptor_add_on_new(confPointer, "kafka-pulse", installInterceptors, opaque)
            guard installed == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaReadError(.clientCreation, "cannot install request counter: \(errorName(installed))")
            }
        }

        var errorText = [CChar](repeating: 0, count: 512)
        context.holdLines()
        guard let created = rd_kafka_new(type, confPointer, &errorText, errorText.count) else {
            if countRequests { conf.abandon() }
            let error = context.secretMask.apply(decodeErrorText(errorText))
            let hint = Self.hint(context.takeHeldProblems(), beyond: error)
            throw KafkaReadError(
                .clientCreation, "cannot create Kafka client \(clientID): \(error)" + (hint.map { " (librdkafka: \($0))" } ?? ""))
        }
        context.releaseHeldLines()
        _ = conf.release()
        pointer = created
    }

    deinit {
        rd_kafka_destroy(pointer)
    }

    /// What librdkafka logged while failing that its error text lacks: its own explanation when it
    /// gave one ("Private key requires password but no password configured (ssl.key.password)"),
    /// else OpenSSL's error queue ("bad decrypt; ... maybe wrong password" behind a bare "PEM lib").
    static func hint(_ problems: [String], beyond error: String) -> String? {
        var distinct: [String] = []
        for problem in problems where !error.contains(problem) && !distinct.contains(problem) { distinct.append(problem) }
        if let explanation = distinct.first(where: { !$0.hasPrefix("error:") }) { return explanation }
        return distinct.isEmpty ? nil : distinct.prefix(3).joined(separator: "; ")
    }
}

/// The context a callback's handle carries.
func clientContext(of handle: OpaquePointer?) -> ClientContext? {
    guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
    return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
}

private func forwardLog(_ handle: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?) {
    guard let context = clientContext(of: handle) else { return }
    context.log(level: level, facility: facility.map { String(cString: $0) } ?? "", message: message.map { String(cString: $0) } ?? "")
}

private func forwardError(_ handle: OpaquePointer?, _ code: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let opaque else { return }
    let context = Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    context.error(name: errorName(rd_kafka_resp_err_t(code)), reason: reason.map { String(cString: $0) } ?? "")
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
