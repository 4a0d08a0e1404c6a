internal import CRDKafka
import PulseCore

/// What DescribeCluster adds to the Metadata answer.
struct DescribedCluster {
    /// Broker racks (the Metadata response librdkafka exposes has none); nil for a broker without one.
    var racks: [Int32: String?] = [:]
    /// The controller this answer named: a second opinion beside the Metadata answer's.
    var controllerID: Int32?
}

extension AdminClient {
    func describeCluster(timeout: Duration) async throws(KafkaReadError) -> DescribedCluster {
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        let options = makeOptions(RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER, timeout: timeout)
        rd_kafka_DescribeCluster(handle, options, queue.pointer)
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeout: timeout)
        var described = DescribedCluster()
        guard let result = rd_kafka_event_DescribeCluster_result(event.pointer) else { return described }
        if let controller = rd_kafka_DescribeCluster_result_controller(result) {
            described.controllerID = Int32(rd_kafka_Node_id(controller))
        }
        var count = 0
        guard let nodes = rd_kafka_DescribeCluster_result_nodes(result, &count) else { return described }
        for node in UnsafeBufferPointer(start: nodes, count: count) {
            guard let node else { continue }
            described.racks[Int32(rd_kafka_Node_id(node))] = rd_kafka_Node_rack(node).map { String(cString: $0) }
        }
        return described
    }
}
