internal import CRDKafka
import PulseCore

/// Which end of a partition's log to ask for.
enum OffsetSpec {
    case earliest
    case latest

    var raw: Int64 {
        switch self {
        case .earliest: Int64(RD_KAFKA_OFFSET_SPEC_EARLIEST.rawValue)
        case .latest: Int64(RD_KAFKA_OFFSET_SPEC_LATEST.rawValue)
        }
    }
}

/// Offsets of many partitions; a partition whose broker answered with an error, or with no usable
/// offset, maps to nil and the error is kept.
struct ListedOffsets {
    var offsets: [TopicPartition: Int64?]
    var partitionErrors: [TopicPartition: String]
}

extension AdminClient {
    /// One ListOffsets admin call for all partitions; librdkafka sends one request per leader broker.
    func listOffsets(_ partitions: [TopicPartition], spec: OffsetSpec, timeoutSeconds: Double) async throws(KafkaReadError) -> ListedOffsets {
        guard !partitions.isEmpty else { return ListedOffsets(offsets: [:], partitionErrors: [:]) }
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        let list = TopicPartitionList(partitions, offset: spec.raw)
        let options = makeOptions(RD_KAFKA_ADMIN_OP_LISTOFFSETS, timeoutSeconds: timeoutSeconds)
        rd_kafka_ListOffsets(handle, list.pointer, options, queue.pointer)
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeoutSeconds: timeoutSeconds + Self.resultGrace)
        var listed = ListedOffsets(offsets: [:], partitionErrors: [:])
        guard let result = rd_kafka_event_ListOffsets_result(event.pointer) else { return listed }
        var count = 0
        guard let infos = rd_kafka_ListOffsets_result_infos(result, &count) else { return listed }
        for info in UnsafeBufferPointer(start: infos, count: count) {
            guard let raw = rd_kafka_ListOffsetsResultInfo_topic_partition(info) else { continue }
            let returned = ReturnedPartition(raw.pointee)
            if let error = returned.error {
                listed.partitionErrors[returned.topicPartition] = error
                listed.offsets[returned.topicPartition] = .some(nil)
            } else {
                listed.offsets[returned.topicPartition] = PartitionOffsets.known(returned.offset)
            }
        }
        return listed
    }
}
