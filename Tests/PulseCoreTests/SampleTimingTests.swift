import PulseCore
import Testing

struct SampleTimingTests {
    @Test("every limit follows from the interval: deadline 90 %, worker budget 85 % of that, readiness three intervals")
    func limitsFollowTheInterval() {
        let timing = SampleTiming(interval: .seconds(10), requestTimeout: .seconds(5))
        #expect(Self.nanoseconds(timing.deadline) == 9_000_000_000)
        #expect(Self.nanoseconds(timing.workerBudget) == 7_650_000_000)
        #expect(Self.nanoseconds(timing.readinessWindow) == 30_000_000_000)
    }

    @Test("the request timeout is the configured one, but never more than half the interval")
    func requestTimeoutIsCappedAtHalfTheInterval() {
        #expect(SampleTiming(interval: .seconds(10), requestTimeout: .seconds(3)).requestTimeout == .seconds(3))
        #expect(SampleTiming(interval: .seconds(2), requestTimeout: .seconds(5)).requestTimeout == .seconds(1))
    }

    @Test("the worker's budget ends before the exporter's deadline, which ends before the next sample")
    func limitsAreNested() {
        for interval: Duration in [.milliseconds(100), .seconds(1), .seconds(10), .seconds(86_400)] {
            let timing = SampleTiming(interval: interval, requestTimeout: .seconds(5))
            #expect(timing.workerBudget < timing.deadline)
            #expect(timing.deadline < timing.interval)
        }
    }

    /// Scaling a Duration by a Double rounds in the last attoseconds; nanoseconds are what matters.
    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + Int64((Double(duration.components.attoseconds) / 1e9).rounded())
    }
}
