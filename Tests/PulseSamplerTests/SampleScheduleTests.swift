import PulseSampler
import Testing

/// Instants are computed by hand from one `ContinuousClock` reading; nothing here sleeps.
@Suite("Sample schedule")
struct SampleScheduleTests {
    let start = ContinuousClock.now

    @Test("a sample that finishes in time is followed one interval after it started")
    func nextIsStartPlusInterval() {
        var schedule = SampleSchedule(interval: .seconds(15))
        let next = schedule.next(afterStart: start, finishedAt: start.advanced(by: .seconds(2)))
        #expect(next == start.advanced(by: .seconds(15)))
        #expect(schedule.overruns == 0)
    }

    @Test("a sample that overran its slot is followed at once, and the overrun is counted")
    func overrunStartsAtFinish() {
        var schedule = SampleSchedule(interval: .seconds(15))
        let finished = start.advanced(by: .seconds(40))
        #expect(schedule.next(afterStart: start, finishedAt: finished) == finished)
        #expect(schedule.overruns == 1)
    }

    @Test("after an overrun the schedule realigns on the late start instead of catching up")
    func realignsAfterOverrun() {
        var schedule = SampleSchedule(interval: .seconds(15))
        let late = schedule.next(afterStart: start, finishedAt: start.advanced(by: .seconds(40)))
        let next = schedule.next(afterStart: late, finishedAt: late.advanced(by: .seconds(1)))
        #expect(next == start.advanced(by: .seconds(55)))
        #expect(schedule.overruns == 1)
    }

    @Test("overruns accumulate and are not reset by samples that finish in time")
    func overrunsAccumulate() {
        var schedule = SampleSchedule(interval: .seconds(1))
        var started = start
        for took in [Duration.seconds(3), .milliseconds(100), .seconds(2)] {
            started = schedule.next(afterStart: started, finishedAt: started.advanced(by: took))
        }
        #expect(schedule.overruns == 2)
    }
}
