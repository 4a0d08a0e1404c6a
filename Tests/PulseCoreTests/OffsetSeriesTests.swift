import PulseCore
import Testing

@Suite("Offset series: bounded history and rates")
struct OffsetSeriesTests {
    let limits = HistoryLimits(maxPoints: 4, maxAgeSeconds: 100)

    func series(_ points: [(Double, Int64)]) -> OffsetSeries {
        var series = OffsetSeries()
        for (seconds, offset) in points { series.append(OffsetPoint(seconds: seconds, offset: offset), limits: limits) }
        return series
    }

    @Test("no rate from a single observation")
    func noRateBeforeTwoPoints() {
        #expect(series([(0, 10)]).rate(overSeconds: 60) == nil)
        #expect(OffsetSeries().rate(overSeconds: 60) == nil)
    }

    @Test("rate is the offset growth per second across the window")
    func rateAcrossWindow() {
        let steady = series([(0, 0), (10, 100), (20, 200)])
        #expect(steady.rate(overSeconds: 60) == 10)
        // Only the last 10 s: from the point at 10 s.
        #expect(series([(0, 0), (10, 100), (20, 400)]).rate(overSeconds: 10) == 30)
    }

    @Test("a window shorter than the sample interval still uses the previous point")
    func shortWindowUsesPreviousPoint() {
        #expect(series([(0, 0), (10, 50)]).rate(overSeconds: 1) == 5)
    }

    @Test("an offset going backwards restarts the series: no negative or huge rate")
    func resetRestartsSeries() {
        var reset = series([(0, 1_000_000), (10, 1_000_100)])
        reset.append(OffsetPoint(seconds: 20, offset: 5), limits: limits)
        #expect(reset.points == [OffsetPoint(seconds: 20, offset: 5)])
        #expect(reset.resets == 1)
        #expect(reset.rate(overSeconds: 60) == nil)
        reset.append(OffsetPoint(seconds: 30, offset: 25), limits: limits)
        #expect(reset.rate(overSeconds: 60) == 2)
    }

    @Test("history is bounded by count")
    func boundedByCount() {
        let long = series((0..<10).map { (Double($0), Int64($0)) })
        #expect(long.points.count == 4)
        #expect(long.points.first?.seconds == 6)
    }

    @Test("history is bounded by age, keeping at least the newest point")
    func boundedByAge() {
        let old = series([(0, 0), (50, 5), (200, 20)])
        #expect(old.points.map(\.seconds) == [200])
    }

    @Test("an observation not newer than the last is ignored")
    func staleObservationIgnored() {
        #expect(series([(10, 5), (10, 7), (5, 9)]).points == [OffsetPoint(seconds: 10, offset: 5)])
    }
}

@Suite("Offset history: pruning with the cluster")
struct OffsetHistoryTests {
    let orders0 = TopicPartition(topic: "orders", partition: 0)
    let gone = TopicPartition(topic: "deleted", partition: 0)

    @Test("a partition that leaves the metadata loses its history; an unknown offset keeps it")
    func prunesDeletedPartitions() {
        var history = OffsetHistory(limits: HistoryLimits())
        history.record(at: 0, partitions: [orders0, gone], latest: [orders0: 0, gone: 5], committed: [:])
        history.record(at: 10, partitions: [orders0], latest: [:], committed: [:])
        #expect(history.endOffsets[gone] == nil)
        #expect(history.endOffsets[orders0]?.points.count == 1)
        history.record(at: 20, partitions: [orders0], latest: [orders0: 40], committed: [:])
        #expect(history.produceRate(orders0, windowSeconds: 60) == 2)
    }

    @Test("a group that is no longer read loses its committed-offset history")
    func prunesVanishedGroups() {
        var history = OffsetHistory(limits: HistoryLimits())
        let key = GroupPartition(group: "billing", topicPartition: orders0)
        history.record(at: 0, partitions: [orders0], latest: [:], committed: [key: 1])
        history.record(at: 10, partitions: [orders0], latest: [:], committed: [key: 21])
        #expect(history.consumeRate(key, windowSeconds: 60) == 2)
        history.record(at: 20, partitions: [orders0], latest: [:], committed: [:])
        #expect(history.committedOffsets.isEmpty)
    }
}
