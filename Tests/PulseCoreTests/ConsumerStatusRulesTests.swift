import PulseCore
import Testing

/// Scripted observation windows against each of Burrow's rules, in their order.
@Suite("Consumer status: Burrow's rules on a sliding window")
struct ConsumerStatusRulesTests {
    let rules = StatusRules(window: 5, allowedLag: 0)

    /// Observations 10 s apart from t = 0: (committed offset, lag).
    func window(_ rows: [(Int64, Int64?)]) -> [StatusWindow.Observation] {
        rows.enumerated().map { StatusWindow.Observation(seconds: Double($0.offset) * 10, committed: $0.element.0, lag: $0.element.1) }
    }

    func status(_ rows: [(Int64, Int64?)], members: Bool = true, rules: StatusRules? = nil) -> ConsumerStatus {
        let observations = window(rows)
        return (rules ?? self.rules).evaluate(observations, now: observations.last?.seconds ?? 0, membersPresent: members)
    }

    let frozen: [(Int64, Int64?)] = [(100, 10), (100, 20), (100, 30), (100, 40), (100, 50)]

    @Test("error: the lag at the newest observation is unknown, whatever the history")
    func unknownLagIsError() {
        #expect(status([(100, 10), (110, nil)]) == .error)
        #expect(status([(100, 10), (110, 5), (120, 5), (130, 5), (140, nil)]) == .error)
    }

    @Test("ok: too little history, even for a frozen offset with growing lag")
    func tooLittleHistory() {
        #expect(status(Array(frozen.prefix(4)), members: false) == .ok)
        #expect(status([]) == .ok)
    }

    @Test("ok: the current lag is within the allowed lag")
    func withinAllowedLag() {
        #expect(status(frozen.map { ($0.0, 0) }, members: false) == .ok)
        let lenient = StatusRules(window: 5, allowedLag: 50)
        #expect(status(frozen, members: false, rules: lenient) == .ok)
        #expect(status(frozen, members: false, rules: StatusRules(window: 5, allowedLag: 49)) == .stop)
    }

    @Test("stop: no members and the offset frozen across the window, with lag")
    func frozenWithoutMembersIsStop() {
        #expect(status(frozen, members: false) == .stop)
    }

    @Test("stop: no members and no progress for longer than the part of the window before it")
    func stoppedAfterProgress() {
        // Moved at 10 s, frozen since: 30 s without progress > 10 s of window before it.
        #expect(status([(100, 10), (110, 10), (110, 20), (110, 30), (110, 40)], members: false) == .stop)
        // Moved at 30 s: 10 s without progress < 30 s before it; lag never fell, so a warning.
        #expect(status([(100, 10), (110, 10), (120, 20), (130, 30), (130, 40)], members: false) == .warning)
    }

    @Test("stall: members present but the offset frozen across the window, with lag")
    func frozenWithMembersIsStall() {
        #expect(status(frozen, members: true) == .stall)
    }

    @Test("a group without members that keeps committing (manual assignment) is not stopped")
    func memberlessButProgressing() {
        #expect(status([(100, 50), (110, 45), (120, 40), (130, 35), (140, 30)], members: false) == .ok)
    }

    @Test("rewind: the offset went backwards and has not come back")
    func rewind() {
        #expect(status([(100, 0), (110, 0), (50, 70), (60, 70), (70, 70)]) == .rewind)
        // Back past the old peak: no longer a rewind (the lag was 0 in the window, so ok).
        #expect(status([(100, 0), (110, 0), (50, 70), (80, 50), (120, 20)]) == .ok)
    }

    @Test("stop outranks rewind in Burrow's order")
    func stopBeforeRewind() {
        #expect(status([(100, 10), (50, 70), (50, 80), (50, 90), (50, 100)], members: false) == .stop)
    }

    @Test("ok: the lag was within the allowed lag at some point of the window")
    func lagWasZeroInWindow() {
        #expect(status([(100, 0), (110, 10), (120, 20), (130, 30), (140, 40)]) == .ok)
    }

    @Test("warning: committing, but the lag never decreased across the window")
    func lagNeverDecreased() {
        #expect(status([(100, 10), (110, 20), (120, 20), (130, 30), (140, 40)]) == .warning)
        // An unknown lag in the middle is a gap, not a decrease.
        #expect(status([(100, 10), (110, nil), (120, 20), (130, 30), (140, 40)]) == .warning)
    }

    @Test("ok: committing and the lag decreased at least once")
    func lagDecreasedOnce() {
        #expect(status([(100, 10), (110, 20), (120, 15), (130, 30), (140, 40)]) == .ok)
    }

    @Test("the window slides: only the last N observations count")
    func windowSlides() {
        var sliding = StatusWindow(capacity: 5)
        for (index, row) in ([(Int64(100), Int64(0))] + frozen).enumerated() {
            sliding.append(StatusWindow.Observation(seconds: Double(index) * 10, committed: row.0, lag: row.1))
        }
        #expect(sliding.observations.count == 5)
        #expect(sliding.observations.first?.lag == 10)
        #expect(rules.evaluate(sliding.observations, now: 50, membersPresent: true) == .stall)
    }

    @Test("worst first: stop > stall > rewind > error > warning > ok")
    func severityOrder() {
        let ranked: [ConsumerStatus] = [.ok, .warning, .error, .rewind, .stall, .stop]
        #expect(ranked.map(\.severity) == Array(0..<6))
        #expect(ConsumerStatus.allCases.reduce(ConsumerStatus.ok) { $0.worse($1) } == .stop)
        #expect(ConsumerStatus.warning.worse(.error) == .error)
        #expect(ConsumerStatus.stall.worse(.rewind) == .stall)
    }
}
