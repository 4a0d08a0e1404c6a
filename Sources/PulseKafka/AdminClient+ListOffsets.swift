internal import CRDKafka
import PulseCore

/// Which offset of a partition's log to ask for.
enum OffsetSpec {
    case earliest
    /// The high watermark (log-end offset).
    case latest
    /// The last stable offset: latest, asked with the read_committed isolation level.
    case lastStable

    var raw: Int64 {
        switch self {
        case .earliest: Int64(RD_KAFKA_OFFSET_SPEC_EARLIEST.rawValue)
        case .latest, .lastStable: Int64(RD_KAFKA_OFFSET_SPEC_LATEST.rawValue)
        }
    }

    var isolation: rd_kafka_IsolationLevel_t {
        self == .lastStable ? RD_KAFKA_ISOLATION_LEVEL_READ_COMMITTED : RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED
    }
}

/// Offsets of many partitions; a partition whose broker answered with an error, or with no usable
/// offset, maps to nil and the error is kept.
struct ListedOffsets {
    var offsets: [TopicPartition: Int64?]
    var partitionErrors: [TopicPartition: String]
}

extension AdminClient {
    /// Errors that mean "this broker no longer leads the partition, ask again": librdkafka drops the
    /// topic from its metadata cache on these, so a second call finds the new leader.
    static let leaderMovedErrors: Set<String> = [
        "NOT_LEADER_OR_FOLLOWER", "LEADER_NOT_AVAILABLE", "FENCED_LEADER_EPOCH", "UNKNOWN_LEADER_EPOCH",
        "REPLICA_NOT_AVAILABLE", "OFFSET_NOT_AVAILABLE", "_LEADER_NOT_AVAILABLE",
    ]

    /// `listOffsets`, and again (`RetrySchedule`) for the partitions whose leader moved while it ran
    /// or that got no answer, within the same time limit: a leader election (a broker restart, a preferred-leader rebalance) must not
    /// cost those partitions their series for a sample.
    func listOffsetsFollowingLeaders(
        _ partitions: [TopicPartition], spec: OffsetSpec, timeout: Duration
    ) async throws(KafkaReadError) -> ListedOffsets {
        var schedule = RetrySchedule(timeout: timeout)
        var listed = try await listOffsets(partitions, spec: spec, timeout: timeout)
        while true {
            let retry = partitions.filter { partition in
                if let error = listed.partitionErrors[partition] { return Self.leaderMovedErrors.contains(error) }
                // During an election librdkafka may leave a partition out, or answer it with no
                // offset and no error: unanswered, not failed.
                return listed.offsets[partition].flatMap { $0 } == nil
            }
            guard !retry.isEmpty, let left = await schedule.nextAttempt(),
                let retried = try? await listOffsets(retry, spec: spec, timeout: left)
            else { return listed }
            for partition in retry {
                guard let offset = retried.offsets[partition] else { continue }
                listed.offsets[partition] = offset
                listed.partitionErrors[partition] = retried.partitionErrors[partition]
            }
        }
    }

    /// One ListOffsets admin call for all partitions; librdkafka sends one request per leader broker.
    func listOffsets(_ partitions: [TopicPartition], spec: OffsetSpec, timeout: Duration) async throws(KafkaReadError) -> ListedOffsets {
        guard !partitions.isEmpty else { return ListedOffsets(offsets: [:], partitionErrors: [:]) }
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        let list = TopicPartitionList(partitions, offset: spec.raw)
        guard let options = makeOptions(RD_KAFKA_ADMIN_OP_LISTOFFSETS, timeout: timeout) else {
            throw KafkaReadError(.request, "cannot create ListOffsets options")
        }
        if let refused = rd_kafka_AdminOptions_set_isolation_level(options, spec.isolation) {
            // Without the isolation level a read_committed request would silently answer high
            // watermarks as last stable offsets: fail the call rather than mislabel them.
            let text = rd_kafka_error_string(refused).map { String(cString: $0) } ?? "unknown error"
            rd_kafka_error_destroy(refused)
            rd_kafka_AdminOptions_destroy(options)
            throw KafkaReadError(.request, "cannot set the ListOffsets isolation level: \(text)")
        }
        rd_kafka_ListOffsets(handle, list.pointer, options, queue.pointer)
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeout: timeout)
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
