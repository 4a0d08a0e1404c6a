import PulseCore
import Testing

@testable import PulseKafka

struct OffsetFetchBatchesTests {
    private func group(_ id: String, coordinator: Int32?) -> ConsumerGroup {
        ConsumerGroup(id: id, state: .stable, coordinator: coordinator)
    }

    @Test("before any describe every group is read on its own")
    func firstSampleReadsEachGroupAlone() {
        let batches = OffsetFetchBatches()
        #expect(batches.jobs(for: ["a", "b"]) == [.group("a"), .group("b")])
    }

    @Test("groups on one coordinator share a request; each coordinator gets its own")
    func groupsSharingACoordinatorShareARequest() {
        var batches = OffsetFetchBatches()
        batches.learnCoordinators(from: [
            group("a", coordinator: 2), group("b", coordinator: 1), group("c", coordinator: 2),
            group("d", coordinator: 1), group("e", coordinator: 3),
        ])
        #expect(
            batches.jobs(for: ["a", "b", "c", "d", "e", "new"])
                == [.batch(["b", "d"]), .batch(["a", "c"]), .group("e"), .group("new")])
    }

    @Test("a coordinator's groups are split into requests of at most groupsPerRequest")
    func largeCoordinatorsAreSplit() {
        var batches = OffsetFetchBatches()
        let ids = (0..<(2 * OffsetFetchBatches.groupsPerRequest + 1)).map { "g\($0)" }
        batches.learnCoordinators(from: ids.map { group($0, coordinator: 1) })
        let jobs = batches.jobs(for: ids)
        #expect(jobs.count == 3)
        #expect(jobs.last == .group(ids[ids.count - 1]))
        var covered: [String] = []
        for job in jobs {
            switch job {
            case .batch(let groups):
                #expect(groups.count == OffsetFetchBatches.groupsPerRequest)
                covered += groups
            case .group(let id): covered.append(id)
            }
        }
        #expect(covered == ids)
    }

    @Test("a group the last describe did not place (no coordinator, or gone) is read alone")
    func unplacedGroupsAreReadAlone() {
        var batches = OffsetFetchBatches()
        batches.learnCoordinators(from: [group("a", coordinator: 1), group("b", coordinator: nil), group("c", coordinator: -1)])
        batches.learnCoordinators(from: [group("b", coordinator: 1), group("c", coordinator: 1)])
        #expect(batches.jobs(for: ["a", "b", "c"]) == [.batch(["b", "c"]), .group("a")])
    }

    @Test("brokers without OffsetFetch v8 stop the batches once, with one log line")
    func unsupportedBrokersStopBatches() {
        var batches = OffsetFetchBatches()
        batches.learnCoordinators(from: [group("a", coordinator: 1), group("b", coordinator: 1)])
        let timedOut = batches.refused(KafkaReadError(.request, "REQUEST_TIMED_OUT: no answer"))
        #expect(!timedOut)
        #expect(batches.jobs(for: ["a", "b"]) == [.batch(["a", "b"])])
        let first = batches.refused(KafkaReadError(.request, "_UNSUPPORTED_FEATURE: OffsetFetch for several groups needs v8"))
        let second = batches.refused(KafkaReadError(.request, "_UNSUPPORTED_FEATURE: again"))
        #expect(first)
        #expect(!second)
        #expect(batches.jobs(for: ["a", "b"]) == [.group("a"), .group("b")])
    }

    @Test("a librdkafka without patch 0010 (one group per call) stops the batches too")
    func unpatchedLibrdkafkaStopsBatches() {
        var batches = OffsetFetchBatches()
        batches.learnCoordinators(from: [group("a", coordinator: 1), group("b", coordinator: 1)])
        let refused = batches.refused(KafkaReadError(.request, "_INVALID_ARG: Exactly one ListConsumerGroupOffsets must be passed"))
        #expect(refused)
        #expect(batches.jobs(for: ["a", "b"]) == [.group("a"), .group("b")])
    }
}
