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

    // Was: only the newest point survives. The point before the newest level now stays too: it
    // dates the level (when the end offset passed a consumer's position), which lag in seconds
    // needs once the producer goes idle.
    @Test("history is bounded by age, keeping the newest point and the one before its level")
    func boundedByAge() {
        let old = series([(0, 0), (50, 5), (200, 20)])
        #expect(old.points.map(\.seconds) == [50, 200])
    }

    @Test("an idle level keeps the points that date it, however long it lasts; its middle is trimmed")
    func idleLevelKeepsItsStart() {
        // Production until 30 s, then the offset stays at 30 for 1000 s.
        let idle = series([(0, 0), (10, 10), (20, 20), (30, 30)] + stride(from: 40.0, through: 1_030, by: 10).map { ($0, 30) })
        #expect(idle.points.count == 4)
        #expect(idle.points.map(\.offset) == [20, 30, 30, 30])
        #expect(idle.points.map(\.seconds) == [20, 30, 1_020, 1_030])
        #expect(idle.levelStartIndex == 1)
        // The rate over a recent window is still 0, and over a window reaching back to the level's
        // start still counts the growth into it.
        #expect(idle.rate(overSeconds: 60) == 0)
        #expect(idle.rate(overSeconds: 2_000) == 10.0 / 1_010)
    }

    @Test("count and age bounds still apply once the offset moves on from an idle level")
    func boundsApplyAfterIdleLevel() {
        var moving = series([(0, 0), (10, 10), (20, 10), (30, 10)])
        for second in stride(from: 40.0, through: 200, by: 10) {
            moving.append(OffsetPoint(seconds: second, offset: Int64(second)), limits: limits)
        }
        #expect(moving.points.map(\.seconds) == [170, 180, 190, 200])
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
