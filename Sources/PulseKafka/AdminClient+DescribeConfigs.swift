internal import CRDKafka
import PulseCore

/// Topic configs that came back, and the topics whose config could not be read.
struct DescribedConfigs {
    var configs: [String: TopicConfig]
    var errors: [String: String]

    var firstError: String? {
        errors.min { $0.key < $1.key }.map { "\(errors.count) topics failed, first \($0.key): \($0.value)" }
    }
}

extension AdminClient {
    /// The configs of the given topics in one DescribeConfigs request (broker defaults included).
    func topicConfigs(_ topics: [String], timeout: Duration) async throws(KafkaReadError) -> DescribedConfigs {
        guard !topics.isEmpty else { return DescribedConfigs(configs: [:], errors: [:]) }
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        var resources: [OpaquePointer?] = topics.map { rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, $0) }
        let options = makeOptions(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout: timeout)
        resources.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_DescribeConfigs(handle, buffer.baseAddress, buffer.count, options, queue.pointer)
            rd_kafka_ConfigResource_destroy_array(buffer.baseAddress, buffer.count)
        }
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeout: timeout)
        var described = DescribedConfigs(configs: [:], errors: [:])
        guard let result = rd_kafka_event_DescribeConfigs_result(event.pointer) else { return described }
        var count = 0
        guard let returned = rd_kafka_DescribeConfigs_result_resources(result, &count) else { return described }
        for resource in UnsafeBufferPointer(start: returned, count: count) {
            guard let resource, let rawName = rd_kafka_ConfigResource_name(resource) else { continue }
            let topic = String(cString: rawName)
            let code = rd_kafka_ConfigResource_error(resource)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                described.errors[topic] = errorName(code)
                continue
            }
            var entryCount = 0
            var entries: [String: String] = [:]
            if let configEntries = rd_kafka_ConfigResource_configs(resource, &entryCount) {
                for entry in UnsafeBufferPointer(start: configEntries, count: entryCount) {
                    guard let entry, let name = rd_kafka_ConfigEntry_name(entry) else { continue }
                    let key = String(cString: name)
                    guard TopicConfig.keys.contains(key), let value = rd_kafka_ConfigEntry_value(entry) else { continue }
                    entries[key] = String(cString: value)
                }
            }
            described.configs[topic] = TopicConfig(entries: entries)
        }
        return described
    }
}
