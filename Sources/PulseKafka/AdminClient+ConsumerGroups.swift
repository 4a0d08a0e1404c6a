internal import CRDKafka
import Glibc
import PulseCore

/// Groups as ListConsumerGroups or DescribeConsumerGroups returned them, with per-broker or
/// per-group errors kept beside whatever did come back.
struct GroupListing {
    var groups: [ConsumerGroup]
    var errors: [String]
}

extension AdminClient {
    /// Every group on every broker (librdkafka asks each broker).
    func listGroups(timeout: Duration) async throws(KafkaReadError) -> GroupListing {
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        let options = makeOptions(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeout: timeout)
        rd_kafka_ListConsumerGroups(handle, options, queue.pointer)
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeout: timeout)
        var listing = GroupListing(groups: [], errors: [])
        guard let result = rd_kafka_event_ListConsumerGroups_result(event.pointer) else { return listing }
        var count = 0
        if let valid = rd_kafka_ListConsumerGroups_result_valid(result, &count) {
            for entry in UnsafeBufferPointer(start: valid, count: count) {
                guard let entry, let id = rd_kafka_ConsumerGroupListing_group_id(entry) else { continue }
                listing.groups.append(
                    ConsumerGroup(
                        id: String(cString: id), state: GroupState(rd_kafka_ConsumerGroupListing_state(entry)),
                        type: GroupType(rd_kafka_ConsumerGroupListing_type(entry))))
            }
        }
        count = 0
        if let errors = rd_kafka_ListConsumerGroups_result_errors(result, &count) {
            listing.errors = UnsafeBufferPointer(start: errors, count: count).compactMap { describe($0) }
        }
        return listing
    }

    /// State, member count and coordinator of the given groups, in one admin call.
    func describeGroups(_ ids: [String], timeout: Duration) async throws(KafkaReadError) -> GroupListing {
        guard !ids.isEmpty else { return GroupListing(groups: [], errors: []) }
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        let options = makeOptions(RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeout: timeout)
        withCStringArray(ids) { pointers, count in
            rd_kafka_DescribeConsumerGroups(handle, pointers, count, options, queue.pointer)
        }
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeout: timeout)
        var listing = GroupListing(groups: [], errors: [])
        guard let result = rd_kafka_event_DescribeConsumerGroups_result(event.pointer) else { return listing }
        var count = 0
        guard let descriptions = rd_kafka_DescribeConsumerGroups_result_groups(result, &count) else { return listing }
        for description in UnsafeBufferPointer(start: descriptions, count: count) {
            guard let description, let id = rd_kafka_ConsumerGroupDescription_group_id(description) else { continue }
            let group = String(cString: id)
            if let error = describe(rd_kafka_ConsumerGroupDescription_error(description)) {
                listing.errors.append("\(group): \(error)")
                listing.groups.append(ConsumerGroup(id: group, state: .unknown, error: error))
                continue
            }
            let coordinator = rd_kafka_ConsumerGroupDescription_coordinator(description).map { rd_kafka_Node_id($0) }
            let memberCount = rd_kafka_ConsumerGroupDescription_member_count(description)
            var assigned: [String: Int] = [:]
            for index in 0..<memberCount {
                guard let member = rd_kafka_ConsumerGroupDescription_member(description, index),
                    let assignment = rd_kafka_MemberDescription_assignment(member)
                else { continue }
                for partition in ReturnedPartition.all(in: rd_kafka_MemberAssignment_partitions(assignment)) {
                    assigned[partition.topicPartition.topic, default: 0] += 1
                }
            }
            let assignor = rd_kafka_ConsumerGroupDescription_partition_assignor(description).map { String(cString: $0) }
            listing.groups.append(
                ConsumerGroup(
                    id: group, state: GroupState(rd_kafka_ConsumerGroupDescription_state(description)),
                    members: memberCount, coordinator: coordinator,
                    assignor: assignor.flatMap { $0.isEmpty ? nil : $0 }, assignedPartitions: assigned,
                    type: GroupType(rd_kafka_ConsumerGroupDescription_type(description))))
        }
        return listing
    }

    /// Offsets one group committed. librdkafka takes one group per call; pass `partitions` where the
    /// cluster cannot list a group's committed partitions by itself (the mock cluster).
    func committedOffsets(group: String, partitions: [TopicPartition]?, timeout: Duration) async throws(KafkaReadError) -> GroupOffsets {
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        let list = partitions.map { TopicPartitionList($0, offset: Int64(RD_KAFKA_OFFSET_INVALID)) }
        guard let request = rd_kafka_ListConsumerGroupOffsets_new(group, list?.pointer) else {
            throw KafkaReadError(.request, "cannot build ListConsumerGroupOffsets for \(group)")
        }
        let options = makeOptions(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout: timeout)
        var requests: [OpaquePointer?] = [request]
        rd_kafka_ListConsumerGroupOffsets(handle, &requests, 1, options, queue.pointer)
        rd_kafka_ListConsumerGroupOffsets_destroy(request)
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeout: timeout)
        return Self.groupOffsets(in: event).first ?? GroupOffsets(group: group, committed: [:])
    }

    /// Committed offsets of several groups in one OffsetFetch request (v8 and later, our librdkafka
    /// patch 0010), every partition of each. The request goes to the first group's coordinator: a
    /// group coordinated elsewhere comes back with its error (NOT_COORDINATOR), and a group the
    /// answer leaves out gets one too, so the caller can ask for those one by one.
    func committedOffsets(groups ids: [String], timeout: Duration) async throws(KafkaReadError) -> [GroupOffsets] {
        guard let queue = ResultQueue(self) else { throw KafkaReadError(.request, "cannot create result queue") }
        var requests: [OpaquePointer?] = ids.map { rd_kafka_ListConsumerGroupOffsets_new($0, nil) }
        defer { for case let request? in requests { rd_kafka_ListConsumerGroupOffsets_destroy(request) } }
        guard !requests.contains(where: { $0 == nil }) else {
            throw KafkaReadError(.request, "cannot build ListConsumerGroupOffsets for \(ids.count) groups")
        }
        let options = makeOptions(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout: timeout)
        rd_kafka_ListConsumerGroupOffsets(handle, &requests, requests.count, options, queue.pointer)
        rd_kafka_AdminOptions_destroy(options)

        let event = try await queue.next(timeout: timeout)
        let answered = Dictionary(Self.groupOffsets(in: event).map { ($0.group, $0) }) { first, _ in first }
        return ids.map { id in
            answered[id] ?? GroupOffsets(group: id, committed: [:], error: "MISSING: not in the OffsetFetch answer")
        }
    }

    /// Each group's committed offsets in a ListConsumerGroupOffsets result.
    private static func groupOffsets(in event: AdminResult) -> [GroupOffsets] {
        guard let result = rd_kafka_event_ListConsumerGroupOffsets_result(event.pointer) else { return [] }
        var count = 0
        guard let groups = rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count) else { return [] }
        return UnsafeBufferPointer(start: groups, count: count).compactMap { entry in
            guard let entry else { return nil }
            var offsets = GroupOffsets(group: String(cString: rd_kafka_group_result_name(entry)), committed: [:])
            if let error = describe(rd_kafka_group_result_error(entry)) {
                offsets.error = error
                return offsets
            }
            for partition in ReturnedPartition.all(in: rd_kafka_group_result_partitions(entry)) {
                // -1001 (no commit) and partition errors leave the partition out: no lag without a commit.
                guard partition.error == nil, partition.offset >= 0 else { continue }
                offsets.committed[partition.topicPartition] = partition.offset
            }
            return offsets
        }
    }
}

extension GroupType {
    init?(_ raw: rd_kafka_consumer_group_type_t) {
        switch raw {
        case RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC: self = .classic
        case RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER: self = .consumer
        default: return nil
        }
    }
}

extension GroupState {
    init(_ raw: rd_kafka_consumer_group_state_t) {
        self.init(librdkafkaName: rd_kafka_consumer_group_state_name(raw).map { String(cString: $0) } ?? "")
    }

    /// By librdkafka's name of the state rather than its enum value: KIP-848's states are known to
    /// librdkafka through our patch 0006, and by name the code also builds against a system
    /// librdkafka without it (which reports them as Unknown).
    init(librdkafkaName name: String) {
        switch name {
        case "Stable": self = .stable
        case "Empty": self = .empty
        case "PreparingRebalance": self = .preparingRebalance
        case "CompletingRebalance": self = .completingRebalance
        case "Dead": self = .dead
        case "Assigning": self = .assigning
        case "Reconciling": self = .reconciling
        default: self = .unknown
        }
    }

    /// Every state name the loaded librdkafka knows, in its enum's order.
    static var librdkafkaNames: [String] {
        (0..<RD_KAFKA_CONSUMER_GROUP_STATE__CNT.rawValue).compactMap { value in
            rd_kafka_consumer_group_state_name(rd_kafka_consumer_group_state_t(rawValue: value)).map { String(cString: $0) }
        }
    }
}

/// Lends C strings for an array of Swift strings for the duration of `body`.
private func withCStringArray<Result>(
    _ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>?, Int) -> Result
) -> Result {
    let owned = strings.map { strdup($0) }
    defer { owned.forEach { free($0) } }
    var pointers = owned.map { UnsafePointer<CChar>($0) }
    return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress, $0.count) }
}
