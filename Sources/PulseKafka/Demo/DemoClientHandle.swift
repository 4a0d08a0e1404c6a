internal import CRDKafka
import Logging

/// One librdkafka handle of the demo (the mock cluster's host, the shop's producer or a service's
/// consumer), with its log lines routed to a swift-log `Logger`.
///
/// `@unchecked Sendable`: librdkafka handles are thread-safe (every rd_kafka_* call on a handle may
/// come from any thread), and `pointer` never changes after init.
final class DemoClientHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    private let context: DemoLogContext

    /// `properties` are applied in order; librdkafka's own text names a rejected one.
    init(_ type: rd_kafka_type_t, client: String, properties: KeyValuePairs<String, String>, logger: Logger) throws(KafkaReadError) {
        context = DemoLogContext(logger: logger, client: client)
        let conf = RDKafkaConf()
        try conf.set("client.id", client)
        try conf.set("log.connection.close", "false")
        for (key, value) in properties {
            try conf.set(key, value)
        }
        guard let confPointer = conf.pointer else { throw KafkaReadError(.clientCreation, "configuration released twice") }
        // The context outlives the handle: `deinit` destroys the handle before `context` is released.
        rd_kafka_conf_set_opaque(confPointer, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(confPointer, forwardDemoLog)
        rd_kafka_conf_set_error_cb(confPointer, forwardDemoError)

        var errorText = [CChar](repeating: 0, count: 512)
        guard let created = rd_kafka_new(type, confPointer, &errorText, errorText.count) else {
            throw KafkaReadError(.clientCreation, "cannot create demo client \(client): \(decodeErrorText(errorText))")
        }
        _ = conf.release()
        pointer = created
    }

    deinit {
        rd_kafka_destroy(pointer)
    }
}

/// `RD_KAFKA_PARTITION_UA` ("any partition"): the macro's cast does not import into Swift.
let unassignedPartition: Int32 = -1

private func forwardDemoLog(_ handle: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ message: UnsafePointer<CChar>?) {
    guard let handle, let opaque = rd_kafka_opaque(handle) else { return }
    let context = Unmanaged<DemoLogContext>.fromOpaque(opaque).takeUnretainedValue()
    context.log(level: level, facility: facility.map { String(cString: $0) } ?? "", message: message.map { String(cString: $0) } ?? "")
}

private func forwardDemoError(_ handle: OpaquePointer?, _ code: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let opaque else { return }
    let context = Unmanaged<DemoLogContext>.fromOpaque(opaque).takeUnretainedValue()
    context.error(name: errorName(rd_kafka_resp_err_t(code)), reason: reason.map { String(cString: $0) } ?? "")
}
