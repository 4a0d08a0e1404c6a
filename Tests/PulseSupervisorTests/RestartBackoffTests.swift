import PulseSupervisor
import Testing

/// Instants are computed by hand from one `ContinuousClock` reading; nothing here sleeps.
@Suite("Restart backoff")
struct RestartBackoffTests {
    let start = ContinuousClock.now

    @Test("no wait before any failure")
    func noWaitInitially() {
        let backoff = RestartBackoff()
        #expect(backoff.delay == .zero)
        #expect(backoff.wait(at: start) == .zero)
    }

    @Test("one failure means waiting 0.5 s")
    func halfSecondAfterOneFailure() {
        var backoff = RestartBackoff()
        backoff.recordFailure(at: start)
        #expect(backoff.wait(at: start) == .milliseconds(500))
    }

    @Test("each further failure doubles the wait")
    func doublesPerFailure() {
        var backoff = RestartBackoff()
        var waits: [Duration] = []
        for _ in 0..<5 {
            backoff.recordFailure(at: start)
            waits.append(backoff.wait(at: start))
        }
        #expect(waits == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)])
    }

    @Test("the wait is capped at the maximum")
    func cappedAtMaximum() {
        var backoff = RestartBackoff(initial: .seconds(1), maximum: .seconds(5))
        var waits: [Duration] = []
        for _ in 0..<5 {
            backoff.recordFailure(at: start)
            waits.append(backoff.wait(at: start))
        }
        #expect(waits == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
    }

    @Test("a long run of failures stays at the maximum (the doubling does not overflow)")
    func manyFailuresStayAtMaximum() {
        var backoff = RestartBackoff()
        for _ in 0..<200 { backoff.recordFailure(at: start) }
        #expect(backoff.wait(at: start) == .seconds(30))
    }

    @Test("a success clears the wait, and the next failure starts again at 0.5 s")
    func successResets() {
        var backoff = RestartBackoff()
        for _ in 0..<4 { backoff.recordFailure(at: start) }
        backoff.recordSuccess()
        #expect(backoff.wait(at: start) == .zero)
        #expect(backoff.delay == .zero)

        backoff.recordFailure(at: start)
        #expect(backoff.wait(at: start) == .milliseconds(500))
    }

    @Test("the wait shrinks as time passes and is zero once the delay is over")
    func waitShrinksWithTime() {
        var backoff = RestartBackoff()
        backoff.recordFailure(at: start)
        backoff.recordFailure(at: start)
        #expect(backoff.wait(at: start) == .seconds(1))
        #expect(backoff.wait(at: start.advanced(by: .milliseconds(300))) == .milliseconds(700))
        #expect(backoff.wait(at: start.advanced(by: .milliseconds(999))) == .milliseconds(1))
        #expect(backoff.wait(at: start.advanced(by: .seconds(1))) == .zero)
        #expect(backoff.wait(at: start.advanced(by: .seconds(60))) == .zero)
    }

    @Test("the wait counts from the latest failure")
    func waitCountsFromLatestFailure() {
        var backoff = RestartBackoff()
        backoff.recordFailure(at: start)
        let later = start.advanced(by: .seconds(10))
        backoff.recordFailure(at: later)
        #expect(backoff.wait(at: later) == .seconds(1))
        #expect(backoff.wait(at: later.advanced(by: .milliseconds(250))) == .milliseconds(750))
    }
}
