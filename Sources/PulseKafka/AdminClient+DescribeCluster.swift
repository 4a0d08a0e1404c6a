internal import CRDKafka
import PulseCore

extension AdminClient {
    /// Broker racks from DescribeCluster (the Metadata response librdkafka exposes has none).
    /// A broker without a rack maps to nil.
    func brokerRacks(timeoutSeconds: Double) async throws(KafkaReadError) -> [Int32: String?] {
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        let options = makeOptions(RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER, timeoutSeconds: timeoutSeconds)
        rd_kafka_DescribeCluster(handle, options, queue.pointer)
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeoutSeconds: timeoutSeconds + Self.resultGrace)
        guard let result = rd_kafka_event_DescribeCluster_result(event.pointer) else { return [:] }
        var count = 0
        guard let nodes = rd_kafka_DescribeCluster_result_nodes(result, &count) else { return [:] }
        var racks: [Int32: String?] = [:]
        for node in UnsafeBufferPointer(start: nodes, count: count) {
            guard let node else { continue }
            racks[Int32(rd_kafka_Node_id(node))] = rd_kafka_Node_rack(node).map { String(cString: $0) }
        }
        return racks
    }
}
