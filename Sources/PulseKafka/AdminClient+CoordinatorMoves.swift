import PulseCore

extension AdminClient {
    /// Errors that mean "this broker no longer coordinates the group, ask again": the group's
    /// coordinator moved (a broker stopped or restarted) or is still loading the group. librdkafka
    /// forgets the coordinator on these (for admin clients with our patch 0001), so the next call
    /// looks it up again.
    static let coordinatorMovedErrors = ["NOT_COORDINATOR", "COORDINATOR_NOT_AVAILABLE", "COORDINATOR_LOAD_IN_PROGRESS"]

    static func coordinatorMoved(_ error: String?) -> Bool {
        guard let error else { return false }
        return coordinatorMovedErrors.contains { error.hasPrefix($0) }
    }

    /// `describeGroups`, and again (`RetrySchedule`) for the groups whose coordinator moved while
    /// it ran: a coordinator moving must not cost a group its state and members for a sample.
    func describeGroupsFollowingCoordinators(_ ids: [String], timeout: Duration) async throws(KafkaReadError) -> GroupListing {
        var schedule = RetrySchedule(timeout: timeout)
        var listing = try await describeGroups(ids, timeout: timeout)
        while true {
            let retry = listing.groups.filter { Self.coordinatorMoved($0.error) }.map(\.id)
            guard !retry.isEmpty, let left = await schedule.nextAttempt(),
                let again = try? await describeGroups(retry, timeout: left)
            else { return listing }
            let answered = Dictionary(again.groups.map { ($0.id, $0) }) { first, _ in first }
            listing.groups = listing.groups.map { answered[$0.id] ?? $0 }
            listing.errors = listing.groups.compactMap { group in group.error.map { "\(group.id): \($0)" } }
        }
    }

    /// `committedOffsets`, and again (`RetrySchedule`) while the group's coordinator moves: the
    /// group must not lose its lag for a sample. A failure is the returned group's error.
    func committedOffsetsFollowingCoordinator(group: String, partitions: [TopicPartition]?, timeout: Duration) async -> GroupOffsets {
        func attempt(_ timeout: Duration) async -> GroupOffsets {
            do throws(KafkaReadError) {
                return try await committedOffsets(group: group, partitions: partitions, timeout: timeout)
            } catch {
                return GroupOffsets(group: group, committed: [:], error: error.message)
            }
        }
        var schedule = RetrySchedule(timeout: timeout)
        var offsets = await attempt(timeout)
        while Self.coordinatorMoved(offsets.error), let left = await schedule.nextAttempt() {
            offsets = await attempt(left)
        }
        return offsets
    }
}
