internal import CRDKafka
import PulseCore

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
            // The text may quote the value; a secret's value must not reach the exporter's error line.
            let text = SecretMask(properties: [key: value]).apply(decodeErrorText(errorText))
            throw KafkaReadError(.invalidConfiguration, "librdkafka property \(key): \(text)")
        }
    }

    /// Gives up the conf without destroying it. librdkafka 2.8.0's `rd_kafka_new`, when it fails
    /// after running on_new interceptors, frees the interceptor list the conf still points to, so
    /// `rd_kafka_conf_destroy` would free it twice (SIGSEGV). Only used on that failure, after
    /// which the worker exits: the few bytes leaked once are the price of a clean error.
    func abandon() {
        pointer = nil
    }

    /// Hands the conf to a new handle; the handle now owns it.
    func release() -> OpaquePointer? {
        defer { pointer = nil }
        return pointer
    }
}
