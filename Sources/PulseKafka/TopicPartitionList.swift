internal import CRDKafka
import PulseCore

/// Owns an `rd_kafka_topic_partition_list_t` built from domain partitions.
final class TopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ partitions: [TopicPartition], offset: Int64) {
        pointer = rd_kafka_topic_partition_list_new(Int32(partitions.count))
        for entry in partitions {
            rd_kafka_topic_partition_list_add(pointer, entry.topic, entry.partition).pointee.offset = offset
        }
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }
}

/// One entry of a partition list that librdkafka returned.
struct ReturnedPartition {
    var topicPartition: TopicPartition
    var offset: Int64
    var error: String?

    init(_ raw: rd_kafka_topic_partition_t) {
        topicPartition = TopicPartition(topic: raw.topic.map { String(cString: $0) } ?? "", partition: raw.partition)
        offset = raw.offset
        error = raw.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : errorName(raw.err)
    }

    static func all(in list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [ReturnedPartition] {
        guard let list else { return [] }
        return UnsafeBufferPointer(start: list.pointee.elems, count: Int(max(0, list.pointee.cnt))).map(ReturnedPartition.init)
    }
}
