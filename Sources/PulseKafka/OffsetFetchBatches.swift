import PulseCore

/// One OffsetFetch call of the group offsets phase: one group, or several that share a coordinator.
enum OffsetFetchJob: Sendable, Hashable {
    case group(String)
    case batch([String])
}

/// Splits the groups whose offsets a sample reads into OffsetFetch calls. Groups the last describe
/// placed on the same coordinator go into one request (OffsetFetch v8, KIP-709); a group without a
/// known coordinator (new, or first sample) is read on its own. Brokers older than v8, or a
/// librdkafka without our patch 0010, refuse the batched form once, and every group is read on its
/// own from then on.
struct OffsetFetchBatches: Sendable {
    /// Enough to make a thousand groups twenty requests, few enough that a coordinator answers a
    /// batch quickly and several batches run side by side.
    static let groupsPerRequest = 50

    private(set) var coordinators: [String: Int32] = [:]
    private(set) var supported = true

    /// The coordinators a describe reported, replacing the last ones (groups that are gone drop out).
    mutating func learnCoordinators(from groups: [ConsumerGroup]) {
        coordinators = [:]
        for group in groups {
            if let coordinator = group.coordinator, coordinator >= 0 { coordinators[group.id] = coordinator }
        }
    }

    /// The calls for `ids`: batches per coordinator first (in coordinator order), then single groups.
    func jobs(for ids: [String]) -> [OffsetFetchJob] {
        guard supported else { return ids.map { .group($0) } }
        var byCoordinator: [Int32: [String]] = [:]
        var alone: [String] = []
        for id in ids {
            if let coordinator = coordinators[id] { byCoordinator[coordinator, default: []].append(id) } else { alone.append(id) }
        }
        var jobs: [OffsetFetchJob] = []
        for coordinator in byCoordinator.keys.sorted() {
            let groups = byCoordinator[coordinator] ?? []
            for start in stride(from: 0, to: groups.count, by: Self.groupsPerRequest) {
                let batch = Array(groups[start..<min(start + Self.groupsPerRequest, groups.count)])
                jobs.append(batch.count == 1 ? .group(batch[0]) : .batch(batch))
            }
        }
        return jobs + alone.map { .group($0) }
    }

    /// Whether `error` says several groups per call cannot be read: the brokers lack OffsetFetch v8
    /// (`_UNSUPPORTED_FEATURE`), or the librdkafka loaded lacks patch 0010 and takes one group per
    /// call (`_INVALID_ARG`, a call it refuses before sending anything). If so, batches stop.
    /// Returns true only the first time, for one log line.
    mutating func refused(_ error: KafkaReadError) -> Bool {
        let unsupported = ["_UNSUPPORTED_FEATURE", "_INVALID_ARG"].contains { error.message.hasPrefix($0) }
        guard supported, unsupported else { return false }
        supported = false
        return true
    }
}
