internal import CRDKafka

/// Owns an `rd_kafka_conf_t` until `rd_kafka_new` takes it over.
final class RDKafkaConf {
    /// nil once the handle took ownership (rd_kafka_new frees the conf on success).
    private(set) var pointer: OpaquePointer?

    init() {
        pointer = rd_kafka_conf_new()
    }

    deinit {
        if let pointer { rd_kafka_conf_destroy(pointer) }
    }

    /// Sets one property; librdkafka's own error text names the property and the problem.
    func set(_ key: String, _ value: String) throws(KafkaReadError) {
        guard let pointer else { return }
        var errorText = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, key, value, &errorText, errorText.count)
        guard result == RD_KAFKA_CONF_OK else {
            throw KafkaReadError(.invalidConfiguration, "librdkafka property \(key): \(decodeErrorText(errorText))")
        }
    }

    /// Hands the conf to a new handle; the handle now owns it.
    func release() -> OpaquePointer? {
        defer { pointer = nil }
        return pointer
    }
}
