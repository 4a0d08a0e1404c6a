internal import CRDKafka
import PulseCore

extension AdminClient {
    /// Brokers, topics and partitions (leader, replicas, ISR), plus cluster and controller id, from
    /// one Metadata request.
    func metadata(timeout: Duration) async throws(KafkaReadError) -> ClusterMetadata {
        let milliseconds = timeoutMilliseconds(timeout)
        let result: Result<ClusterMetadata, KafkaReadError> = await runBlocking { [self] in
            var raw: UnsafePointer<rd_kafka_metadata>?
            let code = rd_kafka_metadata(handle, 1, nil, &raw, milliseconds)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let raw else {
                let kind: KafkaReadError.Code = code == RD_KAFKA_RESP_ERR__TRANSPORT || code == RD_KAFKA_RESP_ERR__TIMED_OUT ? .timedOut : .request
                return .failure(KafkaReadError(kind, "metadata: \(errorName(code)): \(String(cString: rd_kafka_err2str(code)))"))
            }
            defer { rd_kafka_metadata_destroy(raw) }
            return .success(Self.convert(raw.pointee, clusterID: cachedClusterID(), controllerID: rd_kafka_controllerid(handle, 0)))
        }
        return try result.get()
    }

    /// The cluster id from the metadata just fetched (0 ms: never a second request).
    private func cachedClusterID() -> String? {
        guard let id = rd_kafka_clusterid(handle, 0) else { return nil }
        defer { rd_kafka_mem_free(handle, id) }
        return String(cString: id)
    }

    private static func convert(_ raw: rd_kafka_metadata, clusterID: String?, controllerID: Int32) -> ClusterMetadata {
        let brokers = UnsafeBufferPointer(start: raw.brokers, count: Int(max(0, raw.broker_cnt))).map { broker in
            Broker(id: broker.id, host: broker.host.map { String(cString: $0) } ?? "", port: broker.port)
        }
        let topics = UnsafeBufferPointer(start: raw.topics, count: Int(max(0, raw.topic_cnt))).map { topic in
            TopicMetadata(
                name: topic.topic.map { String(cString: $0) } ?? "",
                partitions: UnsafeBufferPointer(start: topic.partitions, count: Int(max(0, topic.partition_cnt))).map { partition in
                    PartitionMetadata(
                        partition: partition.id,
                        leader: partition.leader >= 0 ? partition.leader : nil,
                        replicas: Array(UnsafeBufferPointer(start: partition.replicas, count: Int(max(0, partition.replica_cnt)))),
                        inSyncReplicas: Array(UnsafeBufferPointer(start: partition.isrs, count: Int(max(0, partition.isr_cnt)))),
                        error: partition.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : errorName(partition.err))
                },
                error: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : errorName(topic.err))
        }
        return ClusterMetadata(
            clusterID: clusterID, controllerID: controllerID >= 0 ? controllerID : nil, brokers: brokers, topics: topics)
    }
}
