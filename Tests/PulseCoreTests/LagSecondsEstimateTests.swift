import PulseCore
import Testing

/// Scripted end-offset histories against `OffsetSeries.lagSeconds`: the age of the oldest
/// unconsumed message (message `committed`), which exists from the moment the end offset exceeds it.
@Suite("Lag in seconds: estimating the age of the oldest unconsumed message")
struct LagSecondsEstimateTests {
    let cap = 3_600.0

    func history(_ points: [(Double, Int64)], limits: HistoryLimits = HistoryLimits()) -> OffsetSeries {
        var series = OffsetSeries()
        for (seconds, offset) in points { series.append(OffsetPoint(seconds: seconds, offset: offset), limits: limits) }
        return series
    }

    func estimate(_ series: OffsetSeries, committed: Int64, now: Double) -> LagTimeEstimate? {
        series.lagSeconds(committed: committed, now: now, capSeconds: cap)
    }

    @Test("steady production: interpolated between the two observations around the committed offset")
    func steadyProduction() throws {
        // 10 messages per second, sampled every 10 s: message k is produced at k / 10 s.
        let steady = history([(0, 0), (10, 100), (20, 200), (30, 300)])
        let behind = try #require(estimate(steady, committed: 150, now: 30))
        #expect(behind.method == .interpolated)
        // The end offset reached 151 at 15.1 s; the true age of message 150 is 15 s.
        #expect(abs(behind.seconds - 14.9) < 1e-9)
        #expect(estimate(steady, committed: 300, now: 30) == .caughtUp)
        #expect(estimate(steady, committed: 400, now: 30) == .caughtUp)
        // One unconsumed message, produced within the last interval.
        #expect(estimate(steady, committed: 299, now: 30)?.seconds == 0)
    }

    @Test("bursty production: each burst is dated within the interval it arrived in")
    func burstyProduction() throws {
        // Bursts of 100 messages at 5 s and at 35 s.
        let bursty = history([(0, 0), (10, 100), (20, 100), (30, 100), (40, 200), (50, 200)])
        let firstBurst = try #require(estimate(bursty, committed: 50, now: 50))
        #expect(firstBurst.method == .interpolated)
        #expect(abs(firstBurst.seconds - 45) <= 10)
        let secondBurst = try #require(estimate(bursty, committed: 150, now: 50))
        #expect(abs(secondBurst.seconds - 15) <= 10)
        // Between the bursts nothing was produced: the second burst is younger than the first.
        #expect(secondBurst.seconds < firstBurst.seconds)
    }

    @Test("idle producer, caught-up consumer: 0, however long the producer stays idle")
    func idleProducerCaughtUp() {
        let idle = history([(0, 0), (10, 100)] + stride(from: 20.0, through: 500, by: 10).map { ($0, 100) })
        #expect(estimate(idle, committed: 100, now: 500) == .caughtUp)
    }

    @Test("idle producer, lagging consumer: the age keeps growing, also after the idle level outlives the history")
    func idleProducerLagging() throws {
        let limits = HistoryLimits(maxPoints: 4, maxAgeSeconds: 100)
        var idle = history([(0, 0), (10, 100)], limits: limits)
        var previous = 0.0
        for now in stride(from: 20.0, through: 2_000, by: 10) {
            idle.append(OffsetPoint(seconds: now, offset: 100), limits: limits)
            let age = try #require(estimate(idle, committed: 90, now: now))
            #expect(age.method == .interpolated)
            #expect(age.seconds > previous)
            previous = age.seconds
        }
        // Message 90 was produced at about 9 s: at 2000 s it is about 1991 s old, not frozen, not 0.
        #expect(abs(previous - 1_990.9) < 1e-6)
        #expect(idle.points.count <= 4)
    }

    @Test("idle since before the history began: a lower bound that grows with time")
    func idleSinceBeforeHistory() throws {
        var idle = history([(0, 100), (10, 100)])
        let early = try #require(estimate(idle, committed: 50, now: 10))
        #expect(early == LagTimeEstimate(seconds: 10, method: .lowerBound))
        idle.append(OffsetPoint(seconds: 600, offset: 100), limits: HistoryLimits())
        #expect(estimate(idle, committed: 50, now: 600) == LagTimeEstimate(seconds: 600, method: .lowerBound))
    }

    @Test("first sample: no value while lagging (never a fake 0), 0 when caught up")
    func firstSample() {
        let first = history([(0, 100)])
        #expect(estimate(first, committed: 90, now: 0) == nil)
        #expect(estimate(first, committed: 100, now: 0) == .caughtUp)
        #expect(estimate(OffsetSeries(), committed: 0, now: 0) == nil)
    }

    @Test("history overflow: a committed offset older than the kept points is extrapolated from the produce rate")
    func historyOverflow() throws {
        let limits = HistoryLimits(maxPoints: 4, maxAgeSeconds: 1_000)
        let long = history(stride(from: 0.0, through: 90, by: 10).map { ($0, Int64($0) * 10) }, limits: limits)
        #expect(long.points.map(\.seconds) == [60, 70, 80, 90])
        let old = try #require(estimate(long, committed: 100, now: 90))
        #expect(old.method == .extrapolated)
        // Message 100 was produced at 10 s: 80 s old; extrapolated at 10 messages per second.
        #expect(abs(old.seconds - 79.9) < 1e-9)
    }

    @Test("extrapolation ignores an idle stretch at the end of the history")
    func extrapolationSkipsTrailingIdle() throws {
        // 10 per second until 30 s, then idle: the idle time says nothing about the pace before.
        let limits = HistoryLimits(maxPoints: 64, maxAgeSeconds: 1_000)
        var series = history([(20, 200), (30, 300)], limits: limits)
        let atLevel = try #require(estimate(series, committed: 100, now: 30))
        series.append(OffsetPoint(seconds: 530, offset: 300), limits: limits)
        let later = try #require(estimate(series, committed: 100, now: 530))
        #expect(later.method == .extrapolated)
        // The message is dated once; it simply gets older, one second per second.
        #expect(abs(later.seconds - atLevel.seconds - 500) < 1e-9)
    }

    @Test("a rewind to offset 0 on a busy topic is capped, never astronomical")
    func rewindIsCapped() {
        let busy = history([(0, 4_000_000_000), (10, 4_000_000_010)])
        #expect(estimate(busy, committed: 0, now: 10) == LagTimeEstimate(seconds: cap, method: .extrapolated))
    }

    @Test("a recreated topic (end offsets back to 0) restarts the history: no value until two observations")
    func recreatedTopic() throws {
        var series = history([(0, 1_000), (10, 2_000)])
        series.append(OffsetPoint(seconds: 20, offset: 5), limits: HistoryLimits())
        #expect(estimate(series, committed: 0, now: 20) == nil)
        series.append(OffsetPoint(seconds: 30, offset: 15), limits: HistoryLimits())
        let fresh = try #require(estimate(series, committed: 0, now: 30))
        #expect(fresh.seconds >= 0 && fresh.seconds <= 30)
    }

    @Test("a clock that stepped back never gives a negative age")
    func clockSteppedBack() {
        let series = history([(100, 0), (110, 100)])
        #expect(estimate(series, committed: 50, now: 50)?.seconds == 0)
    }
}
